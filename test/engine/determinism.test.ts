import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEngine, type CustomerEventInput, type Engine } from '../../src/index.js'
import { CONTEXT, fixedClock } from '../helpers/fixtures.js'

const EMAILS = ['ann@example.com', 'bo@example.org', 'cy@example.net', 'noreply@example.com', 'dee@example.com']
const PHONES = ['+14155550100', '(415) 555-0101', '415.555.0102', '000 000 0000', '+1 415 555 0103']

/** Small vocabularies make collisions, and so merges and chains, frequent. */
const eventArb = fc.record({
  id: fc.integer({ min: 1, max: 40 }),
  minute: fc.integer({ min: 0, max: 30 }),
  emails: fc.subarray(EMAILS, { maxLength: 2 }),
  phones: fc.subarray(PHONES, { maxLength: 2 }),
  revision: fc.integer({ min: 0, max: 2 }),
  name: fc.constantFrom('Ann', 'Bo', 'Cy', ''),
})

type Draft = typeof eventArb extends fc.Arbitrary<infer T> ? T : never

function toEvent(e: Draft): CustomerEventInput {
  return {
    occurredAt: `2026-11-01T10:${String(e.minute).padStart(2, '0')}:00Z`,
    channel: 'web',
    direction: 'inbound',
    actor: { role: 'customer' },
    identifiers: [...e.emails.map((value) => ({ kind: 'email' as const, value })), ...e.phones.map((value) => ({ kind: 'phone' as const, value }))],
    traits: e.name ? { name: e.name } : {},
    revision: e.revision,
    source: { system: 'test', id: String(e.id) },
  }
}

async function partition(engine: Engine) {
  const profiles = await engine.store.listProfiles()
  return profiles.map((p) => ({ id: p.id, eventIds: p.eventIds, snapshot: p.snapshot }))
}

/** Default rules, and tight holder limits under which regions stop at values shared before and after a change. */
const RULE_SETS = [
  { name: 'default rules', identity: {} },
  { name: 'tight holder limits', identity: { shared: { maxHolders: 2, maxHolderEvents: 5, maxCompanions: 10 } } },
]

describe('identity resolution', () => {
  it.each(RULE_SETS)('gives the same profiles and ids for the same events in any order and any batching ($name)', async ({ identity }) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 25 }).chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length }), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 })),
        ),
        async ([events, shuffled, cuts]) => {
          const once = createEngine({ context: CONTEXT, clock: fixedClock, identity })
          await once.ingest(events.map(toEvent))
          const batched = createEngine({ context: CONTEXT, clock: fixedClock, identity })
          let start = 0
          for (let i = 0; start < shuffled.length; i++) {
            const size = cuts[i % cuts.length] as number
            await batched.ingest(shuffled.slice(start, start + size).map(toEvent))
            start += size
          }
          expect(await partition(batched)).toEqual(await partition(once))
        },
      ),
      { numRuns: 150 },
    )
  })
})
