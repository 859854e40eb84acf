import { describe, expect, it } from 'vitest'
import { buildBrief } from '../../src/cases/index.js'
import { createEngine } from '../../src/engine/index.js'
import type { CustomerEventInput } from '../../src/events/index.js'
import { createMemoryStore, type Store } from '../../src/store/index.js'

/** A memory store that counts the events the engine reads outside transactions, handing out copies when asked. */
function countingStore(copying: boolean): { store: Store; reads: { ids: number } } {
  const store = createMemoryStore()
  const reads = { ids: 0 }
  const wrapped = Object.assign(Object.create(store) as Store, {
    getEvents: async (ids: readonly string[]) => {
      reads.ids += ids.length
      const found = await store.getEvents(ids)
      return copying ? structuredClone(found) : found
    },
    transaction: store.transaction.bind(store),
  })
  return { store: wrapped, reads }
}

const START = Date.parse('2026-11-02T09:00:00Z')
const HOUR = 3_600_000
const lookup = { email: 'ann@example.com' }

function message(i: number, extra: Partial<CustomerEventInput> = {}): CustomerEventInput {
  const agent = i % 3 === 2
  return {
    occurredAt: START + i * HOUR,
    channel: 'email',
    direction: agent ? 'outbound' : 'inbound',
    actor: agent ? { role: 'agent', id: 'jane', name: 'Jane Ortiz' } : { role: 'customer', name: 'Ann Lee' },
    identifiers: [{ kind: 'email', value: 'ann@example.com' }, ...(i % 4 === 1 && !agent ? [{ kind: 'phone' as const, value: '+14155550100' }] : [])],
    content: { text: agent ? 'We will email you an update by Friday.' : `My order #A-${1000 + i} arrived broken, please help.` },
    source: { system: 't', id: String(i) },
    ...extra,
  }
}

describe('engine.brief and the store member version', () => {
  for (const copying of [false, true]) {
    it(`reads no event for a new asOf, and only the one that joined after it arrives (${copying ? 'copying' : 'sharing'} store)`, async () => {
      const { store, reads } = countingStore(copying)
      let now = new Date(START + 30 * HOUR)
      const engine = createEngine({ store, clock: () => now })
      await engine.ingest(Array.from({ length: 30 }, (_, i) => message(i)))
      const expected = async () => buildBrief({ events: structuredClone(await engine.events(lookup)), asOf: now })
      expect(await engine.brief(lookup)).toEqual(await expected())
      now = new Date(now.getTime() + 60_000)
      reads.ids = 0
      const again = await engine.brief(lookup)
      expect(reads.ids).toBe(0)
      expect(again).toEqual(await expected())
      await engine.ingest([message(30)])
      now = new Date(START + 30 * HOUR + 60_000)
      reads.ids = 0
      const after = await engine.brief(lookup)
      expect(reads.ids).toBe(1)
      expect(after).toEqual(await expected())
    })
  }

  it('follows a revision, an unmerge and a merge, on a store that hands out copies', async () => {
    const { store } = countingStore(true)
    let now = new Date(START + 20 * HOUR)
    const engine = createEngine({ store, clock: () => now })
    const { eventIds } = await engine.ingest(Array.from({ length: 20 }, (_, i) => message(i)))
    const check = async (at: typeof lookup | string = lookup) => {
      const events = await engine.events(at)
      expect(await engine.brief(at)).toEqual(events.length === 0 ? undefined : buildBrief({ events: structuredClone(events), asOf: now }))
    }
    await check()
    // A revision of the latest contact, which the brief shows among the last exchanges.
    await engine.ingest([message(19, { revision: 1, content: { text: 'My order #A-1019 never arrived at all, where is it?' } })])
    now = new Date(now.getTime() + 60_000)
    await check()
    expect(JSON.stringify(await engine.events(lookup))).toContain('never arrived')
    expect(JSON.stringify(await engine.brief(lookup))).toContain('never arrived')
    // Events split off as another person: the profile keeps its id and loses members.
    const split = [eventIds[13], eventIds[17]] as string[]
    await engine.unmerge(lookup, { eventIds: split })
    now = new Date(now.getTime() + 60_000)
    await check()
    await check(split[0])
    expect((await engine.events(lookup)).map((e) => e.id)).not.toContain(split[0])
    // A new event holding the phone of the split-off events joins them back... only where no recorded decision forbids it.
    await engine.ingest([message(21, { identifiers: [{ kind: 'email', value: 'ann@example.com' }, { kind: 'phone', value: '+14155550100' }] })])
    now = new Date(START + 21 * HOUR + 60_000)
    await check()
    await check(split[0])
  })
})
