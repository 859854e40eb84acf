import { describe, expect, it } from 'vitest'
import { parseLookupArg } from '../../src/cli/lookup-arg.js'

describe('parseLookupArg', () => {
  it.each([
    ['email:ann@example.com', { email: 'ann@example.com' }],
    ['phone:+14155550100', { phone: '+14155550100' }],
    ['x:123', { x: '123' }],
    ['crm:hubspot:1001', { crm: 'hubspot:1001' }],
    ['EMAIL:ann@example.com', { email: 'ann@example.com' }],
    ['evt_abc', { eventId: 'evt_abc' }],
    ['prf_abc', { profileId: 'prf_abc' }],
    ['ann@example.com', { email: 'ann@example.com' }],
    ['+1 (415) 555-0100', { phone: '+1 (415) 555-0100' }],
    ['0415 555 010', { phone: '0415 555 010' }],
  ])('reads %s', (text, lookup) => {
    expect(parseLookupArg(text)).toEqual({ success: true, lookup })
  })

  it.each(['', 'ann', 'email:', 'fax:123', '12'])('refuses %j with a message', (text) => {
    const result = parseLookupArg(text)
    expect(result.success).toBe(false)
    if (!result.success) expect(result.message.length).toBeGreaterThan(0)
  })
})
