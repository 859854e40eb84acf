import { describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../src/index.js'
import type { ChangeRecord, StoredProfile } from '../../src/store/index.js'
import { storeEvent } from './contract.js'

const at = '2026-01-02T00:00:00.000Z'
const change = (n: number): Omit<ChangeRecord, 'seq'> => ({ profileId: `prf_${n % 7}`, op: 'update', patch: [{ op: 'replace', path: '/n', value: n }], cause: 'ingest', at })

function profile(id: string, eventIds: string[]): StoredProfile {
  return { id, eventIds, evidence: [{ a: eventIds[0] ?? '', b: eventIds.at(-1) ?? '', via: 'identifier', key: 'email:ann@example.com' }], snapshot: { id, traits: { name: { value: 'Ann' } } } }
}

describe('memory store', () => {
  it('keeps what it stores safe from changes to the objects callers passed in or got back', async () => {
    const store = createMemoryStore()
    const a = storeEvent(1, { email: 'ann@example.com' })
    const input = profile('prf_a', [a.id])
    const change = { profileId: 'prf_a', op: 'create' as const, patch: [{ op: 'add', path: '/name', value: 'Ann' }], cause: 'ingest', at }
    await store.transaction(async (tx) => {
      await tx.putEvents([a])
      await tx.putProfiles([input])
      await tx.appendChanges([change])
    })
    const expected = { event: structuredClone(a), profile: structuredClone(input), patch: structuredClone(change.patch) }
    // Changes to the inputs after the write...
    ;(a.identifiers[0] as { value: string }).value = 'changed@example.com'
    ;(input.snapshot as { id: string }).id = 'changed'
    ;(change.patch[0] as { value: string }).value = 'changed'
    // ...and to what reads return.
    // Events read back are shared and frozen: changing one throws rather than reaching the store.
    const [event] = await store.getEvents([expected.event.id])
    expect(() => {
      ;(event?.identifiers[0] as { value: string }).value = 'changed@example.com'
    }).toThrow(TypeError)
    const [read] = await store.getProfiles(['prf_a'])
    expect(() => {
      ;((read?.snapshot as { traits: { name: { value: string } } }).traits.name).value = 'Bob'
    }).toThrow(TypeError)
    expect(() => {
      ;(read?.evidence as unknown as { key?: string }[])[0]!.key = 'changed'
    }).toThrow(TypeError)
    expect(() => (read?.eventIds as string[]).push('evt_other')).toThrow(TypeError)
    const [record] = await store.getChanges(0)
    ;(record?.patch[0] as { value: string }).value = 'changed'

    expect(await store.getEvents([expected.event.id])).toEqual([expected.event])
    expect(await store.getProfiles(['prf_a'])).toEqual([expected.profile])
    expect((await store.listProfiles())[0]).toEqual(expected.profile)
    expect((await store.getChanges(0))[0]?.patch).toEqual(expected.patch)
    expect(await store.findEventIdsByKeys(['email:ann@example.com'])).toEqual(new Map([['email:ann@example.com', [a.id]]]))
  })

  it('pages through a change feed long enough to be kept compressed, and rolls back only the failed transaction', async () => {
    const store = createMemoryStore()
    const written: ChangeRecord[] = []
    for (let batch = 0; batch < 5; batch++) {
      written.push(...(await store.transaction((tx) => tx.appendChanges(Array.from({ length: 97 }, (_, i) => change(batch * 97 + i))))))
    }
    await expect(
      store.transaction(async (tx) => {
        await tx.appendChanges([change(1000)])
        throw new Error('work failed')
      }),
    ).rejects.toThrow('work failed')
    expect(await store.getChanges(0)).toEqual(written)
    const paged: ChangeRecord[] = []
    for (let since = 0; ; ) {
      const page = await store.getChanges(since, 50)
      if (page.length === 0) break
      paged.push(...page)
      since = page.at(-1)?.seq ?? since
    }
    expect(paged).toEqual(written)
    expect(await store.getChanges(200, 3)).toEqual(written.slice(200, 203))
    expect(await store.getChanges(written.length)).toEqual([])
    expect(await store.getChanges(0, 0)).toEqual([])
    const [next] = await store.transaction((tx) => tx.appendChanges([change(1)]))
    expect(next?.seq).toBe(written.length + 1)
  })

  it('reads a restored feed whose sequence numbers skip, from any point', async () => {
    const changes = Array.from({ length: 300 }, (_, i) => ({ ...change(i), seq: 2 * i + 2 }))
    const store = createMemoryStore({ snapshot: { format: 'throughline.memory', version: 1, events: [], profiles: [], links: [], suppressions: [], changes, meta: [] } })
    for (const since of [0, 1, 2, 3, 255, 256, 257, 598, 600]) {
      expect(await store.getChanges(since, 5)).toEqual(changes.filter((c) => c.seq > since).slice(0, 5))
    }
    expect(await store.getChanges(0)).toEqual(changes)
    const [next] = await store.transaction((tx) => tx.appendChanges([change(1)]))
    expect(next?.seq).toBe(601)
  })

  it('redacts changes held compressed, and restores them when the transaction fails', async () => {
    const store = createMemoryStore()
    await store.transaction((tx) => tx.appendChanges(Array.from({ length: 300 }, (_, i) => change(i))))
    const before = await store.getChanges(0)
    await expect(
      store.transaction(async (tx) => {
        expect(await tx.redactChanges(['prf_3'])).toBe(before.filter((c) => c.profileId === 'prf_3').length)
        throw new Error('work failed')
      }),
    ).rejects.toThrow('work failed')
    expect(await store.getChanges(0)).toEqual(before)
    await store.transaction((tx) => tx.redactChanges(['prf_3']))
    const after = await store.getChanges(0)
    expect(after.filter((c) => c.profileId === 'prf_3').every((c) => c.redacted === true && c.patch.length === 0)).toBe(true)
    expect(after.filter((c) => c.profileId !== 'prf_3')).toEqual(before.filter((c) => c.profileId !== 'prf_3'))
    expect(createMemoryStore({ snapshot: store.snapshot() }).snapshot()).toEqual(store.snapshot())
  })

  it('indexes a value held by many events, and by one again after the others leave', async () => {
    const store = createMemoryStore()
    const events = Array.from({ length: 40 }, (_, i) => storeEvent(i, { phone: '+14155550100' }))
    await store.transaction((tx) => tx.putEvents(events))
    expect((await store.findEventIdsByKeys(['phone:+14155550100'])).get('phone:+14155550100')).toEqual(events.map((e) => e.id))
    await store.transaction((tx) => tx.deleteEvents(events.slice(1).map((e) => e.id)))
    expect(await store.findEventIdsByKeys(['phone:+14155550100'])).toEqual(new Map([['phone:+14155550100', [events[0]?.id]]]))
    const restored = createMemoryStore({ snapshot: store.snapshot() })
    expect(await restored.findEventIdsByKeys(['phone:+14155550100'])).toEqual(new Map([['phone:+14155550100', [events[0]?.id]]]))
  })
})

describe('memory store member versions', () => {
  it('gives a new version to every profile a failed transaction wrote, since a reader may have seen its writes', async () => {
    const store = createMemoryStore()
    const [a, b] = [1, 2].map((n) => storeEvent(n, { email: 'ann@example.com' }))
    const row = (eventIds: string[]): StoredProfile => ({ id: 'prf_a', eventIds: [...eventIds].sort(), evidence: [], snapshot: {} })
    await store.transaction(async (tx) => {
      await tx.putEvents([a!])
      await tx.putProfiles([row([a!.id])])
    })
    const before = (await store.memberVersions(['prf_a'])).get('prf_a')
    let seenInside: string[] = []
    const failed = store.transaction(async (tx) => {
      // Only an event joining: no new version were it kept.
      await tx.putEvents([b!])
      await tx.putProfiles([row([a!.id, b!.id])])
      seenInside = [...(await store.getProfiles(['prf_a']))[0]!.eventIds]
      throw new Error('rolled back')
    })
    await expect(failed).rejects.toThrow('rolled back')
    expect(seenInside).toEqual([a!.id, b!.id].sort())
    expect((await store.getProfiles(['prf_a']))[0]?.eventIds).toEqual([a!.id])
    expect((await store.memberVersions(['prf_a'])).get('prf_a')).not.toBe(before)
  })
})
