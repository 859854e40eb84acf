import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEngine, type CustomerEventInput, type Engine, eventIdFor, type IdentifierKind } from '../../src/index.js'
import { CONTEXT, fixedClock } from '../helpers/fixtures.js'
import { exactNameBirthDateMatcher } from '../helpers/identity-fixtures.js'

const EMAILS = ['ann@example.com', 'bo@example.org', 'cy@example.net', 'info@example.com', 'noreply@example.com', 'dee@example.com']
const PHONES = ['+14155550100', '+14155550101', '+14155550102', '+15555555555']
const CRMS = ['hubspot:1', 'hubspot:2', 'salesforce:9']
const NAMES = ['Ann Lee', 'A. Lee', 'Bo Park', 'Robert Park', 'Bob Park', 'Cy Diaz', '']
const TEXTS = ['', 'my email is ann@example.com', 'you can reach me at 415 555 0102', 'where is order #A-1001?', 'order ORD-123456 is late']

/** Small vocabularies make collisions, conflicts, shared values and limits frequent. */
const eventArb = fc.record({
  id: fc.integer({ min: 1, max: 30 }),
  minute: fc.integer({ min: 0, max: 20 }),
  record: fc.boolean(),
  emails: fc.subarray(EMAILS, { maxLength: 2 }),
  phones: fc.subarray(PHONES, { maxLength: 2 }),
  crm: fc.subarray(CRMS, { maxLength: 1 }),
  name: fc.constantFrom(...NAMES),
  birthDate: fc.constantFrom('1990-01-01', ''),
  text: fc.constantFrom(...TEXTS),
  orders: fc.constantFrom('', 'A-1001', 'ORD-123456'),
  revision: fc.integer({ min: 0, max: 1 }),
})
type EventSpec = typeof eventArb extends fc.Arbitrary<infer T> ? T : never

function toEvent(e: EventSpec): CustomerEventInput {
  const ids = (kind: IdentifierKind, values: readonly string[]) => values.map((value) => ({ kind, value, grade: e.record ? ('record' as const) : ('channel' as const) }))
  const traits: Record<string, string> = {}
  if (e.name) traits.name = e.name
  if (e.birthDate) traits.birthDate = e.birthDate
  if (e.record && e.orders) traits.orderIds = e.orders
  return {
    type: e.record ? 'record' : 'message',
    occurredAt: `2026-11-01T10:${String(e.minute).padStart(2, '0')}:00Z`,
    channel: e.record ? 'crm' : 'email',
    direction: 'inbound',
    actor: { role: e.record ? 'system' : 'customer' },
    identifiers: [...ids('email', e.emails), ...ids('phone', e.phones), ...ids('crm', e.crm)],
    traits,
    ...(e.record || !e.text ? {} : { content: { text: e.text } }),
    revision: e.revision,
    source: { system: 'prop', id: String(e.id) },
  }
}

async function partition(engine: Engine) {
  const profiles = await engine.store.listProfiles()
  return profiles.map((p) => ({ id: p.id, eventIds: p.eventIds, snapshot: p.snapshot }))
}

const newEngine = () => createEngine({ context: CONTEXT, clock: fixedClock, identity: { limits: { email: 2 }, matcher: exactNameBirthDateMatcher('merge') } })

/** Cannot-links recorded before any event arrives, as an unmerge or a rejected suggestion leaves them. */
async function withCannotLinks(engine: Engine, pairs: readonly [number, number][]) {
  await engine.store.transaction((tx) =>
    tx.putLinks(
      pairs
        .filter(([a, b]) => a !== b)
        .map(([a, b], i) => ({ id: `lnk_t${i}`, kind: 'different' as const, a: eventIdFor('prop', String(a)), b: eventIdFor('prop', String(b)), origin: 'unmerge' as const, createdAt: '2026-11-01T00:00:00.000Z' })),
    ),
  )
  return engine
}

describe('identity resolution with guards', () => {
  it('gives the same profiles and ids for any order and batching, with limits, cannot-links, shared values, references and matches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 22 }).chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, { minLength: events.length }),
            fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 }),
            fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 })), { maxLength: 3 }),
          ),
        ),
        async ([events, shuffled, cuts, cannot]) => {
          const once = await withCannotLinks(newEngine(), cannot)
          await once.ingest(events.map(toEvent))
          const batched = await withCannotLinks(newEngine(), cannot)
          let start = 0
          for (let i = 0; start < shuffled.length; i++) {
            const size = cuts[i % cuts.length] as number
            await batched.ingest(shuffled.slice(start, start + size).map(toEvent))
            start += size
          }
          expect(await partition(batched)).toEqual(await partition(once))
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    )
  })
})
