import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEngine, createMemoryStore, loadSnapshot, saveSnapshot } from '../../src/index.js'
import { at, canonical } from '../helpers/canonical.js'

const clock = () => new Date('2026-11-20T12:00:00Z')
const ann = [{ kind: 'email' as const, value: 'ann@example.com' }]

describe('memory store snapshot', () => {
  it('restores a store that answers like the original and continues its change feed', async () => {
    const store = createMemoryStore()
    const engine = createEngine({ store, clock })
    await engine.ingest([canonical('a', { occurredAt: at(1), identifiers: ann, traits: { name: 'Ann' } }), canonical('b', { occurredAt: at(2), identifiers: ann })])
    await store.transaction(async (tx) => tx.putMeta('cursor', { seq: 2 }))
    const snapshot = store.snapshot()
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot)
    const restored = createMemoryStore({ snapshot })
    const again = createEngine({ store: restored, clock })
    expect(await again.profile({ email: 'ann@example.com' })).toEqual(await engine.profile({ email: 'ann@example.com' }))
    expect(await restored.getMeta('cursor')).toEqual({ seq: 2 })
    await again.ingest([canonical('c', { occurredAt: at(3), identifiers: ann })])
    expect((await again.changes()).map((c) => c.seq)).toEqual([1, 2])
    expect(restored.snapshot().changes.map((c) => c.seq)).toEqual([1, 2])
    expect((await again.profile({ email: 'ann@example.com' }))?.eventCount).toBe(3)
    // The original is a separate store: restoring copied, not shared, its tables.
    expect((await engine.profile({ email: 'ann@example.com' }))?.eventCount).toBe(2)
  })

  it('saves to a file and loads it back, and loads nothing from a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'throughline-'))
    const path = join(dir, 'store.json')
    expect(await loadSnapshot(path)).toBeUndefined()
    const store = createMemoryStore({ snapshot: await loadSnapshot(path) })
    await createEngine({ store, clock }).ingest([canonical('a', { identifiers: ann })])
    await saveSnapshot(store, path)
    const loaded = createMemoryStore({ snapshot: await loadSnapshot(path) })
    expect(await loaded.countEvents()).toBe(1)
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(store.snapshot())
  })

  it('refuses a file or value that is not a snapshot, with a code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'throughline-'))
    const path = join(dir, 'bad.json')
    await writeFile(path, '{ not json')
    await expect(loadSnapshot(path)).rejects.toMatchObject({ code: 'store_failure' })
    expect(() => createMemoryStore({ snapshot: { format: 'other' } as never })).toThrow(expect.objectContaining({ code: 'invalid_options' }))
  })

  it('refuses to snapshot in the middle of a transaction', async () => {
    const store = createMemoryStore()
    await store.transaction(async () => {
      expect(() => store.snapshot()).toThrow(expect.objectContaining({ code: 'store_failure' }))
    })
  })
})
