import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adapt, createEngine } from '../../src/index.js'
import { type CustomerEvent, parseEvent } from '../../src/events/index.js'
import type { ChangeRecord, Link, Store, StoredProfile } from '../../src/store/index.js'
import { CONTEXT, call, email, fixedClock } from '../helpers/fixtures.js'

/**
 * A canonical event for store tests: `n` picks the source id, `ids` its identifiers.
 * Deterministic, so every driver sees identical input.
 */
export function storeEvent(n: number, ids: Record<string, string> = {}, extra: Record<string, unknown> = {}): CustomerEvent {
  const result = parseEvent({
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    channel: 'email',
    direction: 'inbound',
    actor: { role: 'customer' },
    identifiers: Object.entries(ids).map(([kind, value]) => ({ kind, value })),
    source: { system: 'test', id: `m${n}` },
    ...extra,
  })
  if (!result.success) throw new Error(JSON.stringify(result.issues))
  return result.event
}

function profile(id: string, eventIds: string[], snapshot: unknown = { id, eventCount: eventIds.length }): StoredProfile {
  return { id, eventIds: [...eventIds].sort(), evidence: [{ a: eventIds[0] ?? '', b: eventIds.at(-1) ?? '', via: 'identifier', key: 'email:x@example.com' }], snapshot }
}

function link(id: string, a: string, b: string): Link {
  return { id, kind: 'same', a, b, origin: 'manual', note: 'same person', createdAt: '2026-01-01T00:00:00.000Z' }
}

const sorted = (map: Map<string, string[]>) => Object.fromEntries([...map].map(([k, v]) => [k, [...v].sort()]).sort())

/**
 * The behaviour every {@link Store} driver must show, unstorage-style: each driver's test file
 * calls this with a factory for a fresh, empty store.
 */
export function storeContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store
    beforeAll(async () => {
      store = await makeStore()
    })
    afterAll(async () => {
      await store?.close()
    })

    const a = storeEvent(1, { email: 'ann@example.com', phone: '+14155550100' })
    const b = storeEvent(2, { email: 'ann@example.com' }, { about: 'evt_elsewhere' })
    const c = storeEvent(3, { phone: '+14155550199' })

    it('starts empty', async () => {
      expect(await store.countEvents()).toBe(0)
      expect(await store.getEvents([a.id])).toEqual([])
      expect(await store.listProfiles()).toEqual([])
      expect(await store.getChanges(0)).toEqual([])
      expect(await store.getMeta('missing')).toBeUndefined()
      expect(typeof store.driver).toBe('string')
    })

    it('stores events and indexes them by identifier key and about', async () => {
      await store.transaction(async (tx) => {
        await tx.lock(['email:ann@example.com'])
        await tx.putEvents([a, b, c])
      })
      expect(await store.countEvents()).toBe(3)
      expect(await store.getEvents([c.id, 'evt_missing', a.id])).toEqual([c, a])
      const found = await store.findEventIdsByKeys(['email:ann@example.com', 'phone:+14155550100', 'about:evt_elsewhere', 'email:nobody@example.com'])
      expect(sorted(found)).toEqual({
        'about:evt_elsewhere': [b.id],
        'email:ann@example.com': [a.id, b.id].sort(),
        'phone:+14155550100': [a.id],
      })
    })

    it('returns stored events with the same JSON text, so redeliveries compare equal', async () => {
      const [stored] = await store.getEvents([a.id])
      expect(JSON.stringify(stored)).toBe(JSON.stringify(a))
    })

    it('replaces an event by id and reindexes its keys', async () => {
      const revised = { ...a, revision: 1, identifiers: a.identifiers.filter((i) => i.kind === 'email') }
      await store.transaction((tx) => tx.putEvents([revised]))
      expect(await store.getEvents([a.id])).toEqual([revised])
      expect((await store.findEventIdsByKeys(['phone:+14155550100'])).size).toBe(0)
      expect(await store.countEvents()).toBe(3)
      await store.transaction((tx) => tx.putEvents([a]))
      expect(sorted(await store.findEventIdsByKeys(['phone:+14155550100']))).toEqual({ 'phone:+14155550100': [a.id] })
    })

    it('deletes events and their index entries', async () => {
      const d = storeEvent(4, { email: 'gone@example.com' })
      await store.transaction((tx) => tx.putEvents([d]))
      await store.transaction((tx) => tx.deleteEvents([d.id, 'evt_missing']))
      expect(await store.getEvents([d.id])).toEqual([])
      expect((await store.findEventIdsByKeys(['email:gone@example.com'])).size).toBe(0)
      expect(await store.countEvents()).toBe(3)
    })

    it('stores profiles and indexes membership, moving events between profiles', async () => {
      await store.transaction((tx) => tx.putProfiles([profile('prf_a', [a.id, b.id]), profile('prf_c', [c.id])]))
      expect(Object.fromEntries(await store.findProfileIds([a.id, b.id, c.id, 'evt_missing']))).toEqual({
        [a.id]: 'prf_a',
        [b.id]: 'prf_a',
        [c.id]: 'prf_c',
      })
      expect(await store.getProfiles(['prf_c', 'prf_missing', 'prf_a'])).toEqual([profile('prf_c', [c.id]), profile('prf_a', [a.id, b.id])])
      // b moves to prf_c: the later put wins, and prf_a no longer claims it.
      await store.transaction((tx) => tx.putProfiles([profile('prf_a', [a.id]), profile('prf_c', [b.id, c.id])]))
      expect(Object.fromEntries(await store.findProfileIds([a.id, b.id, c.id]))).toEqual({ [a.id]: 'prf_a', [b.id]: 'prf_c', [c.id]: 'prf_c' })
    })

    it('lists profiles in id order, paging with after and limit', async () => {
      await store.transaction((tx) => tx.putProfiles([profile('prf_b', [])]))
      expect((await store.listProfiles()).map((p) => p.id)).toEqual(['prf_a', 'prf_b', 'prf_c'])
      expect((await store.listProfiles({ limit: 2 })).map((p) => p.id)).toEqual(['prf_a', 'prf_b'])
      expect((await store.listProfiles({ after: 'prf_a', limit: 1 })).map((p) => p.id)).toEqual(['prf_b'])
      expect((await store.listProfiles({ after: 'prf_c' })).map((p) => p.id)).toEqual([])
    })

    it('orders ids bytewise, as JavaScript compares strings', async () => {
      await store.transaction((tx) => tx.putProfiles([profile('prf_Z', []), profile('prf__', [])]))
      const ids = (await store.listProfiles()).map((p) => p.id)
      expect(ids).toEqual([...ids].sort())
      await store.transaction((tx) => tx.deleteProfiles(['prf_Z', 'prf__']))
    })

    it('deletes profiles and the membership they still hold', async () => {
      await store.transaction((tx) => tx.deleteProfiles(['prf_b', 'prf_c', 'prf_missing']))
      expect(await store.getProfiles(['prf_b', 'prf_c'])).toEqual([])
      expect(Object.fromEntries(await store.findProfileIds([a.id, b.id, c.id]))).toEqual({ [a.id]: 'prf_a' })
    })

    it('stores links, finds them by either event, and deletes them', async () => {
      const l1 = link('lnk_1', a.id, b.id)
      const l2 = link('lnk_2', c.id, 'evt_other')
      await store.transaction((tx) => tx.putLinks([l2, l1]))
      expect(await store.getLinks([b.id])).toEqual([l1])
      expect(await store.getLinks([a.id, 'evt_other'])).toEqual([l1, l2])
      await store.transaction((tx) => tx.deleteLinks(['lnk_2', 'lnk_missing']))
      expect(await store.getLinks([c.id, a.id])).toEqual([l1])
      expect(await store.getLinks([])).toEqual([])
    })

    it('appends changes with increasing seq and pages through them', async () => {
      const at = '2026-01-02T00:00:00.000Z'
      const change = (profileId: string, op: ChangeRecord['op']): Omit<ChangeRecord, 'seq'> => ({
        profileId,
        op,
        patch: op === 'delete' ? [] : [{ op: 'add', path: '/name', value: profileId }],
        cause: 'ingest',
        at,
      })
      const first = await store.transaction((tx) => tx.appendChanges([change('prf_a', 'create'), change('prf_b', 'create')]))
      const second = await store.transaction((tx) => tx.appendChanges([change('prf_b', 'delete')]))
      expect(first.map((r) => r.profileId)).toEqual(['prf_a', 'prf_b'])
      const seqs = [...first, ...second].map((r) => r.seq)
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y))
      expect(new Set(seqs).size).toBe(3)
      const all = await store.getChanges(0)
      expect(all).toEqual([...first, ...second])
      expect(await store.getChanges(first[0]?.seq ?? 0, 1)).toEqual([first[1]])
      expect(await store.getChanges(second[0]?.seq ?? 0)).toEqual([])
      expect(await store.transaction((tx) => tx.appendChanges([]))).toEqual([])
    })

    it('keeps merge and split lineage on changes, and redacts the history of a profile on request', async () => {
      const at = '2026-01-03T00:00:00.000Z'
      const written = await store.transaction((tx) =>
        tx.appendChanges([
          { profileId: 'prf_keep', op: 'update', patch: [{ op: 'add', path: '/x', value: 1 }], cause: 'ingest', at },
          { profileId: 'prf_gone', op: 'delete', patch: [], cause: 'ingest', at, mergedInto: 'prf_keep' },
          { profileId: 'prf_new', op: 'create', patch: [{ op: 'add', path: '/name', value: 'Ann' }], cause: 'unmerge', at, splitFrom: 'prf_keep' },
        ]),
      )
      const since = (written[0]?.seq ?? 1) - 1
      expect((await store.getChanges(since)).map((c) => [c.profileId, c.mergedInto, c.splitFrom])).toEqual([
        ['prf_keep', undefined, undefined],
        ['prf_gone', 'prf_keep', undefined],
        ['prf_new', undefined, 'prf_keep'],
      ])
      expect(await store.transaction((tx) => tx.redactChanges(['prf_new']))).toBe(1)
      expect(await store.transaction((tx) => tx.redactChanges(['prf_new']))).toBe(0)
      const after = await store.getChanges(since)
      expect(after[2]).toMatchObject({ profileId: 'prf_new', op: 'create', patch: [], redacted: true, seq: written[2]?.seq })
      expect(after[0]?.redacted).toBeUndefined()
      expect(after[0]?.patch).toEqual([{ op: 'add', path: '/x', value: 1 }])
    })

    it('stores, finds and deletes suppressions', async () => {
      const s1 = { hash: 'h1', createdAt: '2026-01-03T00:00:00.000Z', erasureId: 'era_1' }
      const s2 = { hash: 'h2', createdAt: '2026-01-03T00:00:00.000Z', erasureId: 'era_1' }
      await store.transaction((tx) => tx.putSuppressions([s1, s2]))
      expect(await store.getSuppressions(['h2', 'h3', 'h1'])).toEqual([s2, s1])
      await store.transaction((tx) => tx.deleteSuppressions(['h1']))
      expect(await store.getSuppressions(['h1', 'h2'])).toEqual([s2])
    })

    it('stores meta values as JSON and deletes them when set to undefined', async () => {
      await store.transaction((tx) => tx.putMeta('model', { version: 2, weights: [0.5, 1] }))
      expect(await store.getMeta('model')).toEqual({ version: 2, weights: [0.5, 1] })
      await store.transaction((tx) => tx.putMeta('model', 'v3'))
      expect(await store.getMeta('model')).toBe('v3')
      await store.transaction((tx) => tx.putMeta('model', undefined))
      expect(await store.getMeta('model')).toBeUndefined()
    })

    it('reads its own writes inside a transaction and returns what work returns', async () => {
      const e = storeEvent(5, { email: 'own@example.com' })
      const result = await store.transaction(async (tx) => {
        await tx.putEvents([e])
        return { seen: (await tx.getEvents([e.id])).length, count: await tx.countEvents() }
      })
      expect(result).toEqual({ seen: 1, count: 4 })
      await store.transaction((tx) => tx.deleteEvents([e.id]))
    })

    it('keeps nothing a transaction wrote when its work throws, and rethrows the error', async () => {
      const e = storeEvent(6, { email: 'rollback@example.com' })
      const changesBefore = await store.getChanges(0)
      const failure = new Error('work failed')
      await expect(
        store.transaction(async (tx) => {
          await tx.lock(['email:rollback@example.com'])
          await tx.putEvents([e])
          await tx.deleteEvents([a.id])
          await tx.putProfiles([profile('prf_rollback', [e.id, c.id])])
          await tx.deleteProfiles(['prf_a'])
          await tx.putLinks([link('lnk_rollback', e.id, a.id)])
          await tx.deleteLinks(['lnk_1'])
          await tx.appendChanges([{ profileId: 'prf_rollback', op: 'create', patch: [], cause: 'ingest', at: '2026-01-04T00:00:00.000Z' }])
          await tx.putSuppressions([{ hash: 'h9', createdAt: '2026-01-04T00:00:00.000Z', erasureId: 'era_9' }])
          await tx.deleteSuppressions(['h2'])
          await tx.putMeta('rollback', true)
          throw failure
        }),
      ).rejects.toBe(failure)
      expect(await store.getEvents([e.id, a.id])).toEqual([a])
      expect((await store.findEventIdsByKeys(['email:rollback@example.com'])).size).toBe(0)
      expect(await store.getProfiles(['prf_rollback', 'prf_a'])).toEqual([profile('prf_a', [a.id])])
      expect(Object.fromEntries(await store.findProfileIds([e.id, a.id, c.id]))).toEqual({ [a.id]: 'prf_a' })
      expect((await store.getLinks([a.id, e.id])).map((l) => l.id)).toEqual(['lnk_1'])
      expect(await store.getChanges(0)).toEqual(changesBefore)
      expect((await store.getSuppressions(['h2', 'h9'])).map((s) => s.hash)).toEqual(['h2'])
      expect(await store.getMeta('rollback')).toBeUndefined()
      expect(await store.countEvents()).toBe(3)
    })

    it('still works after a failed transaction', async () => {
      await store.transaction((tx) => tx.putMeta('after-failure', 1))
      expect(await store.getMeta('after-failure')).toBe(1)
    })

    it('lets a transaction lock the same keys twice and many keys at once', async () => {
      const keys = Array.from({ length: 600 }, (_, i) => `email:k${i}@example.com`)
      await store.transaction(async (tx) => {
        await tx.lock(keys.slice(0, 10))
        await tx.lock(keys.slice(0, 10))
        await tx.lock(keys)
      })
      await store.transaction((tx) => tx.lock([]))
    })

    it('runs transactions one after another when started together', async () => {
      const results = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          store.transaction(async (tx) => {
            await tx.lock(['meta:counter'])
            const value = ((await tx.getMeta('counter')) as number | undefined) ?? 0
            await tx.putMeta('counter', value + n)
            return n
          }),
        ),
      )
      expect(results).toEqual([1, 2, 3, 4])
      expect(await store.getMeta('counter')).toBe(10)
    })

    it('counts, per identifier key, the members of each profile that hold it, as findEventIdsByKeys then findProfileIds would', async () => {
      const shared = 'email:count@example.com'
      const [k1, k2, k3, k4, k5] = [51, 52, 53, 54, 55].map((n) =>
        storeEvent(n, n === 55 ? { email: 'other@example.com' } : { email: 'count@example.com', ...(n === 51 ? { phone: '+14155550151' } : {}) }),
      ) as CustomerEvent[]
      await store.transaction(async (tx) => {
        await tx.putEvents([k1!, k2!, k3!, k4!, k5!])
        // k4 holds the key but sits in no profile: not counted.
        await tx.putProfiles([profile('prf_k1', [k1!.id, k2!.id]), profile('prf_k2', [k3!.id, k5!.id])])
      })
      const plain = (map: Map<string, Map<string, number>>) => Object.fromEntries([...map].map(([k, v]) => [k, Object.fromEntries([...v].sort())]))
      const counted = await store.countProfilesByKeys([shared, 'phone:+14155550151', 'email:nobody@example.com'])
      expect(plain(counted)).toEqual({ [shared]: { prf_k1: 2, prf_k2: 1 }, 'phone:+14155550151': { prf_k1: 1 } })
      // The same answer the two older reads give.
      const holders = (await store.findEventIdsByKeys([shared])).get(shared) ?? []
      const expected = new Map<string, number>()
      for (const profileId of (await store.findProfileIds(holders)).values()) expected.set(profileId, (expected.get(profileId) ?? 0) + 1)
      expect(plain(new Map([[shared, expected]]))).toEqual(plain(new Map([[shared, counted.get(shared) as Map<string, number>]])))
      expect((await store.countProfilesByKeys([])).size).toBe(0)
      // A member leaving moves its count; inside a transaction the reader sees the transaction's writes.
      await store.transaction(async (tx) => {
        await tx.putProfiles([profile('prf_k1', [k1!.id]), profile('prf_k2', [k2!.id, k3!.id, k4!.id, k5!.id])])
        expect(plain(await tx.countProfilesByKeys([shared]))).toEqual({ [shared]: { prf_k1: 1, prf_k2: 3 } })
      })
      await store.transaction(async (tx) => {
        await tx.deleteProfiles(['prf_k1', 'prf_k2'])
        await tx.deleteEvents([k1!.id, k2!.id, k3!.id, k4!.id, k5!.id])
      })
      expect((await store.countProfilesByKeys([shared])).size).toBe(0)
    })

    it('gives a profile a new member version when a member is rewritten, deleted or leaves, and only then', async () => {
      const [v1, v2, v3, v4] = [41, 42, 43, 44].map((n) => storeEvent(n, { email: `v${n}@example.com` })) as CustomerEvent[]
      const seen = new Set<number>()
      /** The version now, and whether it is one never seen before. */
      const version = async (id = 'prf_v') => {
        const value = (await store.memberVersions([id])).get(id) as number
        const fresh = !seen.has(value)
        seen.add(value)
        return { value, fresh }
      }
      await store.transaction(async (tx) => {
        await tx.putEvents([v1!, v2!, v3!])
        await tx.putProfiles([profile('prf_v', [v1!.id, v2!.id]), profile('prf_w', [v3!.id])])
      })
      expect([...(await store.memberVersions(['prf_w', 'prf_missing', 'prf_v'])).keys()].sort()).toEqual(['prf_v', 'prf_w'])
      expect(typeof (await version()).value).toBe('number')
      const unchanged = async () => expect((await version()).fresh).toBe(false)
      const changed = async () => expect((await version()).fresh).toBe(true)
      // Reads, a new event joining, an unrelated write and a link change nothing the members read.
      await store.getEvents([v1!.id])
      await unchanged()
      await store.transaction(async (tx) => {
        await tx.putEvents([v4!])
        await tx.putProfiles([profile('prf_v', [v1!.id, v2!.id, v4!.id])])
        await tx.putLinks([link('lnk_v', v1!.id, v3!.id)])
        await tx.putEvents([{ ...v3!, revision: 1 }])
      })
      await unchanged()
      // A member rewritten.
      await store.transaction((tx) => tx.putEvents([{ ...v2!, revision: 1, content: { text: 'revised' } }]))
      await changed()
      // A member deleted.
      await store.transaction((tx) => tx.deleteEvents([v4!.id]))
      await changed()
      // A member leaving, to another profile.
      const w = await version('prf_w')
      await store.transaction((tx) => tx.putProfiles([profile('prf_v', [v1!.id]), profile('prf_w', [v2!.id, v3!.id])]))
      await changed()
      expect((await version('prf_w')).value).toBe(w.value)
      // The profile deleted and made again, with the very same members.
      await store.transaction((tx) => tx.deleteProfiles(['prf_v']))
      expect((await store.memberVersions(['prf_v'])).size).toBe(0)
      await store.transaction((tx) => tx.putProfiles([profile('prf_v', [v1!.id])]))
      await changed()
      await store.transaction(async (tx) => {
        await tx.deleteProfiles(['prf_v', 'prf_w'])
        await tx.deleteLinks(['lnk_v'])
        await tx.deleteEvents([v1!.id, v2!.id, v3!.id])
      })
    })

    it('handles a batch of thousands of events and profiles', async () => {
      const events = Array.from({ length: 3000 }, (_, i) => storeEvent(1000 + i, { email: `bulk${i % 1000}@example.com` }))
      await store.transaction(async (tx) => {
        await tx.putEvents(events)
        await tx.putProfiles(Array.from({ length: 1000 }, (_, p) => profile(`prf_bulk${String(p).padStart(4, '0')}`, events.filter((_, i) => i % 1000 === p).map((e) => e.id))))
      })
      expect(await store.countEvents()).toBe(3003)
      const hits = await store.findEventIdsByKeys(events.slice(0, 1000).map((e) => `email:${e.identifiers[0]?.value}`))
      expect([...hits.values()].every((ids) => ids.length === 3)).toBe(true)
      const owners = await store.findProfileIds(events.map((e) => e.id))
      expect(new Set(owners.values()).size).toBe(1000)
    })
  })

  describe(`engine on store: ${name}`, () => {
    it('joins an email and two calls from one person and looks the profile up every way', async () => {
      const store = await makeStore()
      try {
        const engine = createEngine({ store, context: CONTEXT, clock: fixedClock })
        const events = [
          ...adapt('email.postal-mime', email({ messageId: '<m1@example.com>', text: 'Call me on 415-555-0100' }), engine.context),
          ...adapt('twilio.voice.status', call({ CallSid: 'CA1', From: '(415) 555-0100' }), engine.context),
          ...adapt('twilio.voice.status', call({ CallSid: 'CA2', From: '+1 415 555 0100' }), engine.context),
        ]
        const report = await engine.ingest(events)
        expect(report.accepted).toBe(3)
        const byPhone = await engine.profile({ phone: '415.555.0100' })
        expect(byPhone?.eventCount).toBe(2)
        const byEmail = await engine.profile({ email: 'ann.lee@example.com' })
        expect(byEmail).toBeDefined()
        const timeline = await engine.timeline({ phone: '4155550100' })
        expect(timeline.map((e) => e.channel)).toEqual(['voice', 'voice'])
        const again = await engine.ingest(events)
        expect(again).toMatchObject({ accepted: 0, duplicates: 3, revised: 0 })
        const changes = await store.getChanges(0)
        expect(changes.length).toBeGreaterThan(0)
        expect((await store.listProfiles()).length).toBe(report.profileIds.length)
      } finally {
        await store.close()
      }
    })
  })
}
