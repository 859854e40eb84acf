import fc from 'fast-check'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { FORMATS, safeAdaptAsync } from '../../src/channels/index.js'
import { compiledSchema, CustomerEventSchema, normalizeEmail, parseEvent, stableHash } from '../../src/events/index.js'
import { CASES } from '../channels/cases.js'
import { context } from '../channels/helpers.js'
import { mutate, mutation } from '../channels/mutate.js'

function answer(result: { success: boolean; data?: unknown; error?: { issues: unknown } }): unknown {
  return result.success ? { data: result.data, json: JSON.stringify(result.data) } : { issues: result.error?.issues }
}

/** Canonical events made by every adapter from its fixture: what ingest parses most. */
async function fixtureEvents(): Promise<unknown[]> {
  const events: unknown[] = []
  for (const format of FORMATS) {
    const result = await safeAdaptAsync(format, CASES[format].valid(), context)
    if (!result.success) throw new Error(`${format} fixture rejected`)
    events.push(...result.events)
  }
  return events
}

const time = fc.oneof(
  fc.integer({ min: -8.64e15 - 10, max: 8.64e15 + 10 }),
  fc.double(),
  fc.date({ noInvalidDate: false }).map((date) => (Number.isNaN(date.getTime()) ? 'not a time' : date.toISOString())),
  fc.constantFrom('2026-01-28T15:09:02Z', '2026-01-28T15:09:02.069+02:00', '2026-02-30T00:00:00.000Z', '2026-01-28T24:00:00.000Z'),
)
const text = (max: number) => fc.string({ maxLength: max })
const identifier = fc.record(
  { kind: fc.constantFrom('email', 'phone', 'x', 'crm', 'reference', 'client', 'nope'), value: fc.oneof(text(12), fc.emailAddress(), fc.constant('(415) 555-0100')), grade: fc.constantFrom('verified', 'channel', 'record', 'stated', 'sure') },
  { requiredKeys: ['kind', 'value'] },
)

/** Canonical events that are often valid and often not, in many shapes. */
const eventLike = fc.record(
  {
    id: text(3),
    type: fc.constantFrom('message', 'call', 'status', 'bogus'),
    occurredAt: time,
    channel: fc.constantFrom('email', 'sms', 'voice', 'fax'),
    direction: fc.constantFrom('inbound', 'outbound', 'sideways'),
    actor: fc.record({ role: fc.constantFrom('customer', 'agent', 'nobody'), id: text(3), name: fc.oneof(text(4), fc.constant(undefined)) }, { requiredKeys: ['role'] }),
    identifiers: fc.array(identifier, { maxLength: 5 }),
    traits: fc.dictionary(text(4), fc.oneof(text(4), fc.double(), fc.boolean(), fc.constant(null), fc.constant([]))),
    content: fc.record({ subject: text(6), text: text(6), attachments: fc.oneof(fc.nat(), fc.double()), status: text(70) }, { requiredKeys: [] }),
    thread: fc.record({ key: text(3), references: fc.array(text(3), { maxLength: 3 }) }, { requiredKeys: [] }),
    revision: fc.oneof(fc.nat(), fc.integer(), fc.double()),
    source: fc.record({ system: text(4), id: text(4), format: text(3) }, { requiredKeys: ['system', 'id'] }),
    data: fc.dictionary(text(3), fc.jsonValue({ maxDepth: 1 })),
  },
  { requiredKeys: ['occurredAt', 'channel', 'direction', 'actor', 'source'] },
)

describe('parseEvent', () => {
  it('parses through a compiled schema that answers exactly as CustomerEventSchema, for adapter output and damaged copies', async () => {
    const compiled = compiledSchema(CustomerEventSchema)()
    const events = await fixtureEvents()
    for (const event of events) expect(answer(compiled.safeParse(structuredClone(event)))).toStrictEqual(answer(CustomerEventSchema.safeParse(structuredClone(event))))
    fc.assert(
      fc.property(fc.nat({ max: events.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (index, mutations) => {
        const input = mutate(events[index], mutations)
        expect(answer(compiled.safeParse(structuredClone(input)))).toStrictEqual(answer(CustomerEventSchema.safeParse(structuredClone(input))))
      }),
      { numRuns: 2_000 },
    )
  })

  it('parses through a compiled schema that answers exactly as CustomerEventSchema, for generated events', () => {
    const compiled = compiledSchema(CustomerEventSchema)()
    fc.assert(
      fc.property(eventLike, (input) => {
        expect(answer(compiled.safeParse(structuredClone(input)))).toStrictEqual(answer(CustomerEventSchema.safeParse(structuredClone(input))))
      }),
      { numRuns: 3_000 },
    )
  })

  it('keeps one identifier per kind and value, with the strongest grade, in key order', () => {
    const result = parseEvent({
      occurredAt: 0,
      channel: 'email',
      direction: 'inbound',
      actor: { role: 'customer' },
      identifiers: [
        { kind: 'phone', value: '(415) 555-0100', grade: 'stated' },
        { kind: 'email', value: 'Ann@Example.com', grade: 'record' },
        { kind: 'phone', value: '+14155550100', grade: 'channel' },
        { kind: 'email', value: 'ann@example.com', grade: 'stated' },
      ],
      source: { system: 'test', id: '1' },
    })
    expect(result.success && result.event.identifiers).toStrictEqual([
      { kind: 'email', value: 'ann@example.com', grade: 'record' },
      { kind: 'phone', value: '+14155550100', grade: 'channel' },
    ])
  })

  it('reports an identifier that cannot be normalized at its index, and takes nothing from the event', () => {
    const result = parseEvent({ occurredAt: 0, channel: 'sms', direction: 'inbound', actor: { role: 'customer' }, identifiers: [{ kind: 'phone', value: '+14155550100' }, { kind: 'email', value: 'no at sign' }], source: { system: 'test', id: '2' } })
    expect(result).toStrictEqual({ success: false, issues: [{ code: 'invalid_event', path: ['identifiers', 1, 'value'], message: 'not a valid email identifier' }] })
  })
})

describe('stableHash', () => {
  it('is the first 96 bits of SHA-256 of the UTF-8 text, as ids have always been', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (value) => {
        expect(stableHash(value)).toBe(createHash('sha256').update(value).digest('hex').slice(0, 24))
      }),
      { numRuns: 3_000 },
    )
  })
})

describe('normalizeEmail', () => {
  it('answers the same whatever was asked before, with either sub-address rule', () => {
    const ask = fc.array(fc.tuple(fc.oneof(fc.emailAddress(), fc.string({ maxLength: 12 }), fc.constantFrom('Ann+Shop@Example.com', ' <ann@example.com> ', 'mailto:x@y.z')), fc.boolean()), { maxLength: 20 })
    fc.assert(
      fc.property(ask, (questions) => {
        const forward = questions.map(([raw, strip]) => normalizeEmail(raw, { stripEmailSubaddress: strip }))
        const backward = [...questions].reverse().map(([raw, strip]) => normalizeEmail(`${raw}`, { stripEmailSubaddress: strip }))
        expect(backward.reverse()).toStrictEqual(forward)
      }),
    )
    expect(normalizeEmail('Ann+Shop@Example.com', { stripEmailSubaddress: false })).toBe('ann+shop@example.com')
    expect(normalizeEmail('Ann+Shop@Example.com')).toBe('ann@example.com')
  })
})
