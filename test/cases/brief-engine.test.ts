import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildBrief } from '../../src/cases/index.js'
import { createEngine } from '../../src/engine/index.js'
import type { CustomerEvent, CustomerEventInput } from '../../src/events/index.js'
import { createMemoryStore, type Store } from '../../src/store/index.js'
import { storyFrom, storyStep } from './story.js'

/** A memory store that hands out fresh copies of events, as a database does. */
function copyingStore(): Store {
  const store = createMemoryStore()
  return Object.assign(Object.create(store) as Store, {
    getEvents: async (ids: readonly string[]) => structuredClone(await store.getEvents(ids)),
    transaction: store.transaction.bind(store),
  })
}

const lookup = { email: 'ann@example.com' }

describe('engine.brief', () => {
  it('equals buildBrief over the stored events after every batch, in any arrival order, on any store', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(storyStep, { minLength: 2, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        fc.boolean(),
        async (steps, batches, copying, shuffle) => {
          const events = storyFrom(steps)
          // Mostly in time order (the live case); sometimes late arrivals, which start the state again.
          const arrival = shuffle ? [...events].sort((a, b) => (a.id < b.id ? -1 : 1)) : events
          let now = new Date(Date.parse(arrival[0]!.occurredAt))
          const engine = createEngine({ clock: () => now, ...(copying ? { store: copyingStore() } : {}) })
          let from = 0
          for (let b = 0; from < arrival.length; b++) {
            const batch = arrival.slice(from, from + (batches[b % batches.length] as number))
            from += batch.length
            await engine.ingest(batch)
            const latest = Math.max(...batch.map((e) => Date.parse(e.occurredAt)), now.getTime())
            now = new Date(latest + (b % 3) * 3_600_000)
            const stored = await engine.events(lookup)
            const brief = await engine.brief(lookup)
            expect(brief).toEqual(stored.length === 0 ? undefined : buildBrief({ events: structuredClone(stored), asOf: now }))
            // Asked again at an earlier time than the latest event: a look at the past.
            if (stored.length > 2) {
              const past = stored[Math.floor(stored.length / 2)]!.occurredAt
              expect(await engine.brief(lookup, { asOf: past })).toEqual(buildBrief({ events: structuredClone(stored), asOf: past }))
            }
          }
        },
      ),
      { numRuns: 25, seed: 4242 },
    )
  })

  it('shows a revised event and forgets an erased person', async () => {
    let now = new Date('2026-11-02T12:00:00Z')
    const engine = createEngine({ clock: () => now, store: copyingStore(), erasure: { salt: 'a test salt of some length' } })
    const base: CustomerEventInput = {
      occurredAt: '2026-11-02T09:00:00Z',
      channel: 'email',
      direction: 'inbound',
      actor: { role: 'customer', name: 'Ann Lee' },
      identifiers: [{ kind: 'email', value: 'ann@example.com' }],
      content: { text: 'My order #A-1001 arrived broken.' },
      source: { system: 't', id: '1' },
    }
    await engine.ingest([base])
    expect((await engine.brief(lookup))?.cases[0]?.issue?.text).toBe('"My order #A-1001 arrived broken."')
    await engine.ingest([{ ...base, revision: 1, content: { text: 'My order #A-1001 arrived broken and wet.' } }])
    now = new Date('2026-11-02T12:05:00Z')
    expect((await engine.brief(lookup))?.cases[0]?.issue?.text).toBe('"My order #A-1001 arrived broken and wet."')
    await engine.erase(lookup, { reason: 'DSR-1' })
    expect(await engine.brief(lookup)).toBeUndefined()
  })

  it('keeps a state per set of case options', async () => {
    const now = new Date('2026-11-20T12:00:00Z')
    const engine = createEngine({ clock: () => now })
    const events: CustomerEvent[] = storyFrom(fc.sample(storyStep, { numRuns: 80, seed: 9 }))
    await engine.ingest(events)
    const stored = await engine.events(lookup)
    for (const options of [{}, { reopenDays: 1 }, { calendar: { timeZone: 'America/New_York' } }, {}, { reopenDays: 1 }]) {
      expect(await engine.brief(lookup, options)).toEqual(buildBrief({ ...options, events: structuredClone(stored), asOf: now }))
    }
  })
})
