import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMemoryStore, type StoreReader } from '../../src/store/index.js'
import { storeEvent } from './contract.js'

const KEYS = ['email:a@example.com', 'email:b@example.com', 'phone:+14155550100']

/** What countProfilesByKeys must answer: the holders' profile ids, counted. */
async function expected(store: StoreReader, keys: readonly string[]): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {}
  for (const [key, ids] of await store.findEventIdsByKeys(keys)) {
    const counts: Record<string, number> = {}
    for (const profileId of (await store.findProfileIds(ids)).values()) counts[profileId] = (counts[profileId] ?? 0) + 1
    if (Object.keys(counts).length > 0) out[key] = counts
  }
  return out
}
const plain = (map: Map<string, Map<string, number>>) => Object.fromEntries([...map].map(([k, v]) => [k, Object.fromEntries(v)]))

describe('memory store countProfilesByKeys, remembered between transactions', () => {
  it('always answers what the event and profile indexes say, across writes, failed transactions and a caller changing its answer', async () => {
    const step = fc.record({
      events: fc.array(fc.record({ n: fc.integer({ min: 1, max: 12 }), key: fc.integer({ min: 0, max: 2 }), revision: fc.integer({ min: 0, max: 2 }) }), { maxLength: 4 }),
      profiles: fc.array(fc.record({ n: fc.integer({ min: 1, max: 12 }), profile: fc.constantFrom('prf_1', 'prf_2', 'prf_3') }), { maxLength: 5 }),
      fail: fc.boolean(),
      vandalize: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const store = createMemoryStore()
        const members = new Map<string, Set<string>>()
        for (const s of steps) {
          // Read before the write, so a remembered answer exists to go stale.
          const before = await store.countProfilesByKeys(KEYS)
          if (s.vandalize) {
            for (const counts of before.values()) counts.set('prf_vandal', 99)
            expect(plain(await store.countProfilesByKeys(KEYS))).toEqual(await expected(store, KEYS))
          }
          const work = store.transaction(async (tx) => {
            await tx.putEvents(s.events.map((e) => ({ ...storeEvent(e.n, { [KEYS[e.key]!.split(':')[0]!]: KEYS[e.key]!.split(':')[1]! }), revision: e.revision })))
            for (const { n, profile } of s.profiles) {
              const id = storeEvent(n).id
              for (const [p, set] of members) if (p !== profile && set.delete(id)) await tx.putProfiles([{ id: p, eventIds: [...set].sort(), evidence: [], snapshot: {} }])
              const set = members.get(profile) ?? new Set<string>()
              set.add(id)
              members.set(profile, set)
              await tx.putProfiles([{ id: profile, eventIds: [...set].sort(), evidence: [], snapshot: {} }])
            }
            // Inside the transaction the reader sees its writes.
            expect(plain(await tx.countProfilesByKeys(KEYS))).toEqual(await expected(tx, KEYS))
            if (s.fail) throw new Error('rolled back')
          })
          if (s.fail) {
            await expect(work).rejects.toThrow('rolled back')
            // The test's own model of membership follows the store back.
            members.clear()
            for (const p of await store.listProfiles()) members.set(p.id, new Set(p.eventIds))
          } else await work
          expect(plain(await store.countProfilesByKeys(KEYS))).toEqual(await expected(store, KEYS))
          expect(plain(await store.countProfilesByKeys(KEYS))).toEqual(await expected(store, KEYS))
        }
      }),
      { numRuns: 150 },
    )
  })
})
