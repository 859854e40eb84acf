import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEngine, createPersonMatcher, type CustomerEventInput } from '../../../src/index.js'
import { CONTEXT, fixedClock } from '../../helpers/fixtures.js'

/** A contact export row as a canonical record event, without a CRM id so rows can join. */
function row(id: string, email: string, traits: Record<string, string>): CustomerEventInput {
  return {
    type: 'record',
    occurredAt: `2026-11-01T09:00:0${id.length % 10}Z`,
    channel: 'crm',
    direction: 'inbound',
    actor: { role: 'system' },
    identifiers: [{ kind: 'email', value: email, grade: 'record' }],
    traits,
    source: { system: 'export', id },
  }
}

const ann = { givenName: 'Ann', familyName: 'Lee', birthDate: '1984-03-07', city: 'Oakland', postcode: '94610' }

describe('createPersonMatcher', () => {
  it('joins a typo’d email whose name, birth date and address agree, and explains it with field weights', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock, identity: { matcher: createPersonMatcher() } })
    await engine.ingest([row('r1', 'ann.lee@example.com', ann), row('r2', 'ann.lee@exmaple.com', { ...ann, givenName: 'Anne' })])
    const a = await engine.profile({ email: 'ann.lee@example.com' })
    const b = await engine.profile({ email: 'ann.lee@exmaple.com' })
    expect(b?.id).toBe(a?.id)
    const why = await engine.explain({ email: 'ann.lee@example.com' }, { email: 'ann.lee@exmaple.com' })
    expect(why?.joined).toBe(true)
    const steps = why?.path ?? []
    expect(steps.length).toBeGreaterThan(0)
    expect(steps.every((s) => s.via === 'match' && (s.score ?? 0) >= 5)).toBe(true)
    expect(steps[0]?.reason).toMatch(/probabilistic match with score/)
  })

  it('keeps apart two people who share a surname and a city but nothing else', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock, identity: { matcher: createPersonMatcher() } })
    await engine.ingest([
      row('r1', 'ann.lee@example.com', ann),
      row('r2', 'marcus.lee@example.org', { givenName: 'Marcus', familyName: 'Lee', birthDate: '1961-11-30', city: 'Oakland', postcode: '94611' }),
    ])
    const a = await engine.profile({ email: 'ann.lee@example.com' })
    const b = await engine.profile({ email: 'marcus.lee@example.org' })
    expect(b?.id).not.toBe(a?.id)
    expect(await engine.suggestions({ status: 'open' })).toEqual([])
  })

  it('compares nothing for events that carry a name alone', () => {
    const matcher = createPersonMatcher()
    const parsed = { ...row('r1', 'a@b.co', { name: 'Ann Lee' }), id: 'evt_1', revision: 0, identifiers: [{ kind: 'email' as const, value: 'a@b.co', grade: 'record' as const }], traits: { name: 'Ann Lee' } }
    expect(matcher.candidateKeys(parsed as never)).toEqual([])
  })

  it('links the same records whatever order they arrive in', async () => {
    const people = [
      row('r1', 'ann.lee@example.com', ann),
      row('r2', 'ann.lee@exmaple.com', { ...ann, givenName: 'Anne' }),
      row('r3', 'a.lee@example.net', { ...ann, birthDate: '1984-07-03' }),
      row('r4', 'marcus.lee@example.org', { givenName: 'Marcus', familyName: 'Lee', birthDate: '1961-11-30', city: 'Oakland', postcode: '94611' }),
      row('r5', 'mark.lee@example.org', { givenName: 'Mark', familyName: 'Lee', birthDate: '1961-11-30', city: 'Oakland', postcode: '94611' }),
    ]
    const partition = async (events: CustomerEventInput[]) => {
      const engine = createEngine({ context: CONTEXT, clock: fixedClock, identity: { matcher: createPersonMatcher() } })
      for (const event of events) await engine.ingest([event])
      return (await engine.store.listProfiles()).map((p) => p.eventIds)
    }
    const expected = await partition(people)
    expect(expected.map((members) => members.length).sort()).toEqual([2, 3])
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(people, { minLength: people.length }), async (order) => {
        expect(await partition(order)).toEqual(expected)
      }),
      { numRuns: 20 },
    )
  })
})
