// Read costs of the memory store against a git revision's memory store, on the same contents.
//
//   npx tsx bench/store-reads.ts [--base main] [--file bench/.data/t30k.ndjson] [--rounds 5]
//
// Ingests the file once (working tree), snapshots the store, restores the snapshot into the base
// revision's memory store and the working tree's, then times each read over the whole store,
// alternating base and work tree (A B A B ...) so both see the same background load. CPU ms.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createMemoryStore, type MemorySnapshot } from '../src/index.js'
import { indexKeys, type Store } from '../src/store/index.js'
import { parseArgs } from './generate.js'
import { measureIngest } from './ingest.js'
import { cpuMsSince, log, median, table } from './lib.js'

const args = parseArgs(process.argv.slice(2))
const base = args.get('base') ?? 'main'
const file = resolve(args.get('file') ?? 'bench/.data/t30k.ndjson')
const rounds = Number(args.get('rounds') ?? 5)
const dir = `/tmp/throughline-reads-${process.pid}`
mkdirSync(dir, { recursive: true })
execFileSync('sh', ['-c', `git archive ${base} src | tar -x -C ${dir}`])
symlinkSync(resolve('node_modules'), join(dir, 'node_modules'))
writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }))
const baseModule = (await import(`${dir}/src/store/memory-store.ts`)) as { createMemoryStore: (options: { snapshot: MemorySnapshot }) => Store }

const { engine } = await measureIngest(file, { batch: 5000 })
const snapshot = (engine.store as ReturnType<typeof createMemoryStore>).snapshot()
const stores = { base: baseModule.createMemoryStore({ snapshot }), work: createMemoryStore({ snapshot }) }
const profileIds = snapshot.profiles.map((p) => p.id)
const eventIds = snapshot.events.map((e) => e.id)
const keys = [...new Set(snapshot.events.flatMap((e) => indexKeys(e)))]
const batches = <T>(items: readonly T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size))
log(`${snapshot.events.length} events, ${profileIds.length} profiles, ${snapshot.changes.length} changes, ${keys.length} keys`)

const reads: Record<string, (store: Store) => Promise<unknown>> = {
  'getChanges(0): whole feed': (store) => store.getChanges(0),
  'getChanges(since, 100): paging the feed': async (store) => {
    for (let since = 0; ; ) {
      const page = await store.getChanges(since, 100)
      if (page.length === 0) return
      since = page.at(-1)?.seq ?? since
    }
  },
  'getChanges(last - 10): the newest records': (store) => store.getChanges(snapshot.changes.length - 10),
  'getProfiles, 1,000 ids a call, every profile': async (store) => {
    for (const ids of batches(profileIds, 1000)) await store.getProfiles(ids)
  },
  'listProfiles, pages of 1,000': async (store) => {
    for (let after = ''; ; ) {
      const page = await store.listProfiles({ after, limit: 1000 })
      if (page.length === 0) return
      after = page.at(-1)?.id ?? after
    }
  },
  'getEvents, 1,000 ids a call, every event': async (store) => {
    for (const ids of batches(eventIds, 1000)) await store.getEvents(ids)
  },
  'findEventIdsByKeys, 1,000 keys a call, every key': async (store) => {
    for (const some of batches(keys, 1000)) await store.findEventIdsByKeys(some)
  },
}

const times = new Map<string, { base: number[]; work: number[] }>()
for (let round = 0; round < rounds; round++) {
  for (const [name, read] of Object.entries(reads)) {
    const entry = times.get(name) ?? { base: [], work: [] }
    times.set(name, entry)
    for (const side of ['base', 'work'] as const) {
      const started = process.cpuUsage()
      await read(stores[side])
      entry[side].push(cpuMsSince(started))
    }
  }
}
rmSync(dir, { recursive: true, force: true })
const rows = [...times].map(([name, t]) => [name, median(t.base).toFixed(1), median(t.work).toFixed(1), (median(t.work) / median(t.base)).toFixed(2)])
console.log(`Command: \`npx tsx bench/store-reads.ts ${process.argv.slice(2).join(' ')}\` (base ${base}, ${rounds} rounds, median CPU ms)\n`)
console.log(table(['read', `${base} ms`, 'work tree ms', 'work / base'], rows))
