import { readFile, rename, writeFile } from 'node:fs/promises'
import { ThroughlineError } from '../errors.js'
import type { MemoryStore } from './memory-store.js'
import type { MemorySnapshot } from './memory-snapshot.js'

/**
 * Writes a memory store's snapshot to a JSON file, through a temporary file and a rename so
 * that a crash mid-write leaves the previous snapshot whole.
 * @example await saveSnapshot(store, 'throughline.json')
 */
export async function saveSnapshot(store: MemoryStore, path: string): Promise<void> {
  const temporary = `${path}.tmp`
  await writeFile(temporary, JSON.stringify(store.snapshot()), 'utf8')
  await rename(temporary, path)
}

/**
 * Reads a snapshot written by {@link saveSnapshot}; `undefined` when the file does not exist,
 * so a notebook starts empty the first time and where it stopped afterwards.
 * @throws ThroughlineError `store_failure` when the file exists but is not JSON
 * @example const store = createMemoryStore({ snapshot: await loadSnapshot('throughline.json') })
 */
export async function loadSnapshot(path: string): Promise<MemorySnapshot | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined
    throw new ThroughlineError('store_failure', 'snapshot-file', `cannot read ${path}`, { cause: error })
  }
  try {
    return JSON.parse(text) as MemorySnapshot
  } catch (error) {
    throw new ThroughlineError('store_failure', 'snapshot-file', `${path} is not a JSON snapshot`, { cause: error })
  }
}
