import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEngine, createMemoryStore, type CustomerEventInput } from '../../src/index.js'
import { at, canonical } from '../helpers/canonical.js'

const clock = () => new Date('2026-11-20T12:00:00Z')
const eventArb = fc.record({ people: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 2 }), phone: fc.boolean(), day: fc.integer({ min: 1, max: 28 }) })

describe('erase', () => {
  it('removes every trace of the erased profile and nothing of anyone else, whatever the graph', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 12 }), fc.nat(), async (specs, pick) => {
        const store = createMemoryStore()
        const engine = createEngine({ store, clock, erasure: { salt: 'property-salt-0123456789' } })
        const inputs: CustomerEventInput[] = specs.map((s, i) =>
          canonical(`e${i}`, {
            occurredAt: at(s.day),
            identifiers: s.people.flatMap((p) => [{ kind: 'email' as const, value: `person${p}@example.com` }, ...(s.phone ? [{ kind: 'phone' as const, value: `+1415555010${p}` }] : [])]),
            traits: { name: `Name-${s.people.join('-')}` },
            content: { text: `secret text <${i}>` },
          }),
        )
        const { eventIds } = await engine.ingest(inputs)
        const target = eventIds[pick % eventIds.length] as string
        const before = await store.listProfiles()
        const erasedIds = new Set(before.find((p) => p.eventIds.includes(target))?.eventIds ?? [])
        const report = await engine.erase({ eventId: target })

        const dump = JSON.stringify(store.snapshot())
        const kept = inputs.filter((_, i) => !erasedIds.has(eventIds[i] as string))
        const keptValues = new Set(kept.flatMap((e) => (e.identifiers ?? []).map((id) => id.value)))
        inputs.forEach((input, i) => {
          if (!erasedIds.has(eventIds[i] as string)) return
          expect(dump).not.toContain(input.content?.text)
          for (const id of input.identifiers ?? []) if (!keptValues.has(id.value)) expect(dump).not.toContain(id.value)
        })
        expect(report.events).toBe(erasedIds.size)
        const after = await store.listProfiles()
        expect(after).toEqual(before.filter((p) => !report.profileIds.includes(p.id)))
        const replay = await engine.ingest(inputs.filter((_, i) => erasedIds.has(eventIds[i] as string)))
        expect(replay.accepted + replay.revised).toBe(0)
        expect(replay.rejected.every((r) => r.code === 'suppressed')).toBe(true)
      }),
      { numRuns: 50 },
    )
  })
})
