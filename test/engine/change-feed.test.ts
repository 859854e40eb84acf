import fc from 'fast-check'
import { describe, expect, expectTypeOf, it, vi } from 'vitest'
import { observeChanges, recomputeRegion } from '../../src/engine/index.js'
import { type ChangeRecord, createEngine, createMemoryStore, type Engine, type MemoryStore } from '../../src/index.js'
import { at, canonical } from '../helpers/canonical.js'
import { applyChange } from '../helpers/mirror.js'

const clock = () => new Date('2026-11-20T12:00:00Z')
const email = (n: number) => ({ kind: 'email' as const, value: `p${n}@example.com` })
const phone = (n: number) => ({ kind: 'phone' as const, value: `+1415555010${n}` })

/** Records a `different` decision between two events and rebuilds their region, as an unmerge does. */
async function separate(engine: Engine, a: string, b: string): Promise<void> {
  await engine.store.transaction(async (tx) => {
    await tx.putLinks([{ id: `lnk_${a}_${b}`, kind: 'different', a, b, origin: 'unmerge', createdAt: clock().toISOString() }])
    await recomputeRegion(tx, { touched: [a, b], cause: 'unmerge' }, { rules: {}, now: clock().toISOString() })
  })
}

async function profilesOf(engine: Engine): Promise<Record<string, unknown>> {
  return Object.fromEntries((await engine.store.listProfiles()).map((p) => [p.id, p.snapshot]))
}

describe('change feed', () => {
  it('publishes a create, then an update that applies to the previous snapshot', async () => {
    const engine = createEngine({ clock })
    const seen: ChangeRecord[] = []
    engine.subscribe((records) => void seen.push(...records))
    await engine.ingest([canonical('a', { occurredAt: at(1), identifiers: [email(1)], traits: { city: 'Leeds' } })])
    await engine.ingest([canonical('b', { occurredAt: at(2), identifiers: [email(1)], traits: { city: 'York' } })])
    expect(seen.map((r) => [r.seq, r.op, r.cause])).toEqual([[1, 'create', 'ingest'], [2, 'update', 'ingest']])
    expect(seen[1]?.patch).toContainEqual({ op: 'replace', path: '/traits/city/value', value: 'York' })
    const mirror: Record<string, unknown> = {}
    for (const record of seen) applyChange(mirror, record)
    expect(mirror).toEqual(await profilesOf(engine))
    expect(await engine.changes({ since: 1 })).toEqual(seen.slice(1))
    expect(await engine.changes({ since: 0, limit: 1 })).toEqual(seen.slice(0, 1))
  })

  it('expresses a merge as an update of the older profile and a delete naming it', async () => {
    const engine = createEngine({ clock })
    await engine.ingest([canonical('a', { occurredAt: at(1), identifiers: [email(1)] }), canonical('b', { occurredAt: at(2), identifiers: [phone(1)] })])
    const since = (await engine.changes()).at(-1)?.seq ?? 0
    await engine.ingest([canonical('bridge', { occurredAt: at(3), identifiers: [email(1), phone(1)] })])
    const merge = await engine.changes({ since })
    const survivor = (await engine.profile({ email: 'p1@example.com' }))?.id
    expect(merge.map((r) => r.op)).toEqual(['update', 'delete'])
    expect(merge[0]?.profileId).toBe(survivor)
    expect(merge[1]).toMatchObject({ op: 'delete', patch: [], mergedInto: survivor })
  })

  it('expresses a split as an update of the profile that keeps the earliest event and a create naming it', async () => {
    const engine = createEngine({ clock })
    const report = await engine.ingest([canonical('a', { occurredAt: at(1), identifiers: [email(1)] }), canonical('b', { occurredAt: at(2), identifiers: [email(1), phone(1)] })])
    const [a, b] = report.eventIds as [string, string]
    const before = (await engine.profile({ eventId: a }))?.id
    const since = (await engine.changes()).at(-1)?.seq ?? 0
    await separate(engine, a, b)
    const split = await engine.changes({ since })
    expect(split.map((r) => [r.op, r.profileId])).toEqual([['update', before], ['create', (await engine.profile({ eventId: b }))?.id]])
    expect(split[1]?.splitFrom).toBe(before)
  })

  it('re-keys a profile when an earlier event arrives late: a create taking its events and a delete merged into it', async () => {
    const engine = createEngine({ clock })
    await engine.ingest([canonical('late', { occurredAt: at(5), identifiers: [email(1)] })])
    const old = (await engine.profile({ email: 'p1@example.com' }))?.id
    const since = (await engine.changes()).at(-1)?.seq ?? 0
    await engine.ingest([canonical('early', { occurredAt: at(1), identifiers: [email(1)] })])
    const renamed = (await engine.profile({ email: 'p1@example.com' }))?.id
    expect(renamed).not.toBe(old)
    expect((await engine.changes({ since })).map((r) => [r.op, r.profileId, r.splitFrom ?? r.mergedInto])).toEqual([['create', renamed, old], ['delete', old, renamed]])
  })

  it('reports a throwing subscriber to onError and still ingests and notifies the others', async () => {
    const onError = vi.fn()
    const engine = createEngine({ clock, onError })
    const good = vi.fn()
    engine.subscribe(() => {
      throw new Error('CRM is down')
    })
    engine.subscribe(async () => Promise.reject(new Error('async too')))
    const stop = engine.subscribe(good)
    const report = await engine.ingest([canonical('a', { identifiers: [email(1)] })])
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(report.accepted).toBe(1)
    expect(good).toHaveBeenCalledTimes(1)
    expect(onError).toHaveBeenCalledTimes(2)
    expect(onError.mock.calls[0]?.[1]).toMatchObject({ source: 'subscriber', records: [{ op: 'create' }] })
    stop()
    await engine.ingest([canonical('b', { identifiers: [email(1)] })])
    expect(good).toHaveBeenCalledTimes(1)
  })

  it('publishes nothing for a transaction that rolled back', async () => {
    const engine = createEngine({ clock })
    const seen = vi.fn()
    engine.subscribe(seen)
    await expect(
      engine.store.transaction(async (tx) => {
        await recomputeRegion(tx, { put: [], touched: [], cause: 'test' }, { rules: {}, now: clock().toISOString() })
        await tx.appendChanges([{ profileId: 'prf_x', op: 'create', patch: [], cause: 'test', at: clock().toISOString() }])
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(seen).not.toHaveBeenCalled()
    expect(await engine.changes()).toEqual([])
  })

  it('keeps the observed store’s own type and methods', async () => {
    const feed = observeChanges(createMemoryStore())
    expectTypeOf(feed.store).toEqualTypeOf<MemoryStore>()
    expect(feed.store.driver).toBe('memory')
    expect(feed.store.snapshot().changes).toEqual([])
    // @ts-expect-error a subscriber receives records, not a single record
    feed.subscribe((record: ChangeRecord) => record)
  })

  it('rejects malformed paging options with their path', async () => {
    const engine = createEngine({ clock })
    await expect(engine.changes({ since: -1 })).rejects.toMatchObject({ code: 'invalid_options', path: ['options', 'since'] })
  })
})

type Op =
  | { kind: 'ingest'; people: number[]; phones: boolean; day: number; city: string }
  | { kind: 'separate'; a: number; b: number }
  | { kind: 'erase'; pick: number }
  | { kind: 'consent'; pick: number; granted: boolean }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('ingest' as const), people: fc.uniqueArray(fc.nat(4), { minLength: 1, maxLength: 2 }), phones: fc.boolean(), day: fc.integer({ min: 1, max: 28 }), city: fc.constantFrom('Leeds', 'York', '') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('separate' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('erase' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('consent' as const), pick: fc.nat(), granted: fc.boolean() }) },
)

describe('CRM mirror', () => {
  it('equals the engine’s profiles after any sequence of merges, splits, consent changes and erasures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const store = createMemoryStore()
        const engine = createEngine({ clock, store, erasure: { salt: 'mirror-test-salt-0123456789' } })
        const mirror: Record<string, unknown> = {}
        engine.subscribe((records) => records.forEach((r) => applyChange(mirror, r)))
        const stored: string[] = []
        const live = async () => (stored.length === 0 ? [] : [...(await engine.store.findProfileIds(stored)).keys()])
        for (const [index, op] of ops.entries()) {
          if (op.kind === 'ingest') {
            // An event naming two people's identifiers bridges them: a merge.
            const identifiers = op.people.flatMap((p) => (op.phones ? [email(p), phone(p)] : [email(p)]))
            const report = await engine.ingest([canonical(`e${index}`, { occurredAt: at(op.day), identifiers, traits: { city: op.city } })])
            stored.push(...report.eventIds)
          } else if (op.kind === 'separate') {
            const ids = await live()
            const a = ids[op.a % Math.max(1, ids.length)]
            const b = ids[op.b % Math.max(1, ids.length)]
            if (a && b && a !== b) await separate(engine, a, b)
          } else {
            const ids = await live()
            const target = ids[op.pick % Math.max(1, ids.length)]
            if (!target) continue
            if (op.kind === 'erase') {
              const profileId = (await store.findProfileIds([target])).get(target) as string
              const [erased] = await store.getProfiles([profileId])
              await engine.erase({ eventId: target })
              // Not an event id of theirs survives anywhere: log, projections, feed history.
              const dump = JSON.stringify(store.snapshot())
              for (const id of erased?.eventIds ?? []) expect(dump).not.toContain(id)
            }
            else await engine.setConsent({ eventId: target }, { channel: 'email', purpose: 'marketing', granted: op.granted })
          }
        }
        const expected = await profilesOf(engine)
        expect(mirror).toEqual(expected)
        // A consumer starting late replays the whole feed, erasures' redactions included.
        const replayed: Record<string, unknown> = {}
        for (const record of await engine.changes({ limit: 100_000 })) applyChange(replayed, record)
        expect(replayed).toEqual(expected)
      }),
      { numRuns: 60 },
    )
  })
})
