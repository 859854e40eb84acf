import { describe, expect, it } from 'vitest'
import { createEngine, isPlaceholder, ThroughlineError } from '../../src/index.js'
import { CONTEXT, fixedClock } from '../helpers/fixtures.js'
import { message, record } from '../helpers/identity-fixtures.js'

const engineWith = (identity = {}) => createEngine({ context: CONTEXT, clock: fixedClock, identity })

describe('isPlaceholder', () => {
  it('refuses the distinct ids PostHog refuses, automated mailboxes and filler phone numbers', () => {
    expect(isPlaceholder({ kind: 'client', value: 'distinct_id' })).toBe(true)
    expect(isPlaceholder({ kind: 'client', value: 'Anonymous' })).toBe(true)
    expect(isPlaceholder({ kind: 'email', value: 'do-not-reply@shop.example' })).toBe(true)
    expect(isPlaceholder({ kind: 'email', value: 'donotreply@shop.example' })).toBe(true)
    expect(isPlaceholder({ kind: 'email', value: 'no_reply@shop.example' })).toBe(true)
    expect(isPlaceholder({ kind: 'phone', value: '+15555555555' })).toBe(true)
    expect(isPlaceholder({ kind: 'phone', value: '+11234567890' })).toBe(true)
    expect(isPlaceholder({ kind: 'phone', value: '+14155550100' })).toBe(false)
  })

  it('takes user values and patterns', () => {
    expect(isPlaceholder({ kind: 'email', value: 'x@test.invalid' }, { patterns: [/^email:.*@test\.invalid$/u] })).toBe(true)
    expect(isPlaceholder({ kind: 'x', value: 'ACME' }, { values: ['acme'] })).toBe(true)
  })
})

describe('merge protection', () => {
  it('never merges two different CRM ids of one system, even through a shared email', async () => {
    const engine = engineWith({ shared: { uniqueConflicts: false } })
    await engine.ingest([
      record('r1', 1, { crm: 'hubspot:1', email: 'pat@example.com' }, { name: 'Pat Kim' }),
      record('r2', 2, { crm: 'hubspot:2', email: 'pat@example.com' }, { name: 'Pat Kim' }),
    ])
    const one = await engine.profile({ crm: 'hubspot:1' })
    const two = await engine.profile({ crm: 'hubspot:2' })
    expect(one?.id).not.toBe(two?.id)
    const why = await engine.explain({ crm: 'hubspot:1' }, { crm: 'hubspot:2' })
    expect(why?.joined).toBe(false)
    expect(why?.refused?.[0]?.reason).toBe('unique')
    expect(why?.refused?.[0]?.text).toContain('email:pat@example.com was not used')
  })

  it('lets one HubSpot id and one Salesforce id share a profile', async () => {
    const engine = engineWith()
    await engine.ingest([
      record('r1', 1, { crm: 'hubspot:1', email: 'pat@example.com' }, { name: 'Pat Kim' }),
      record('r2', 2, { crm: 'salesforce:0031', email: 'pat@example.com' }, { name: 'Pat Kim' }),
    ])
    expect((await engine.profile({ crm: 'hubspot:1' }))?.id).toBe((await engine.profile({ crm: 'salesforce:0031' }))?.id)
  })

  it('refuses the value over a per-kind limit, keeping the stronger and earlier evidence', async () => {
    const engine = engineWith({ limits: { email: 2 } })
    await engine.ingest([
      message('m1', 1, { phone: '+14155550100', email: 'a@example.com' }, { channel: 'sms' }),
      message('m2', 2, { phone: '+14155550100', email: 'b@example.com' }, { channel: 'sms' }),
      message('m3', 3, { phone: '+14155550100', email: 'c@example.com' }, { channel: 'sms' }),
    ])
    const profile = await engine.profile({ email: 'a@example.com' })
    expect(profile?.identifiers.filter((i) => i.kind === 'email').map((i) => i.value)).toEqual(['a@example.com', 'b@example.com'])
    const why = await engine.explain({ email: 'a@example.com' }, { email: 'c@example.com' })
    expect(why?.refused?.[0]).toMatchObject({ reason: 'limit', key: 'phone:+14155550100' })
    expect(why?.refused?.[0]?.text).toContain('over the limit of 2')
  })

  it('rejects malformed identity options with the path of the problem', () => {
    try {
      engineWith({ limits: { email: 0 } })
      expect.unreachable()
    } catch (error) {
      expect(ThroughlineError.is(error) && error.code).toBe('invalid_options')
      expect((error as ThroughlineError).path).toEqual(['identity', 'limits', 'email'])
    }
  })
})
