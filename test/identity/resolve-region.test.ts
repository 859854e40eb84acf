import { describe, expect, expectTypeOf, it } from 'vitest'
import { type CustomerEvent, parseEvent } from '../../src/index.js'
import { type Matcher, type MatchResult, resolveRegionDetailed } from '../../src/identity/index.js'
import { message, record } from '../helpers/identity-fixtures.js'

const parse = (input: unknown): CustomerEvent => {
  const result = parseEvent(input)
  if (!result.success) throw new Error(JSON.stringify(result.issues))
  return result.event
}

describe('resolveRegionDetailed', () => {
  it('joins by plain union-find and refuses nothing when no constraint applies', () => {
    const events = [message('a', 1, { email: 'a@example.com' }), message('b', 2, { email: 'a@example.com', phone: '+14155550100' }), message('c', 3, { phone: '+14155550100' })].map(parse)
    const result = resolveRegionDetailed(events, [])
    expect(result.profiles).toHaveLength(1)
    expect(result.profiles[0]?.evidence.map((e) => e.key)).toEqual(['email:a@example.com', 'phone:+14155550100'])
    expect(result.refused).toEqual([])
  })

  it('keeps the delivered value over a record and the earlier evidence over the later at a limit', () => {
    const events = [
      message('m1', 1, { phone: '+14155550100', x: '1' }, { channel: 'sms' }),
      record('r1', 1, { phone: '+14155550100', x: '2' }),
      message('m2', 2, { phone: '+14155550100', x: '3' }, { channel: 'sms' }),
    ].map(parse)
    const result = resolveRegionDetailed(events, [], { limits: { x: 2 } })
    const joined = result.profiles.find((p) => p.eventIds.length === 2)
    // The record (earliest event) holds the phone only as a record; the two delivered holdings join first.
    expect(joined?.eventIds.map((id) => events.find((e) => e.id === id)?.source.id).sort()).toEqual(['m1', 'm2'])
    expect(result.refused.map((r) => r.reason)).toContain('limit')
  })

  it('gives the same result for the events in any order', () => {
    const events = [record('r1', 1, { crm: 'hubspot:1', email: 'p@example.com' }), record('r2', 2, { crm: 'hubspot:2', email: 'p@example.com' }), message('m', 3, { email: 'p@example.com' })].map(parse)
    const forward = resolveRegionDetailed(events, [], { shared: { uniqueConflicts: false } })
    const backward = resolveRegionDetailed([...events].reverse(), [], { shared: { uniqueConflicts: false } })
    expect(backward).toEqual(forward)
    expect(forward.profiles).toHaveLength(2)
  })
})

describe('Matcher', () => {
  it('is a plain structural contract', () => {
    expectTypeOf<ReturnType<Matcher['score']>>().toEqualTypeOf<MatchResult>()
    expectTypeOf<MatchResult['decision']>().toEqualTypeOf<'merge' | 'review' | 'none'>()
    expectTypeOf<Parameters<Matcher['candidateKeys']>[0]>().toEqualTypeOf<CustomerEvent>()
  })
})
