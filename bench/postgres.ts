/**
 * PostgreSQL store throughput and latency on a real server, on bench traffic.
 *   source .ci/pg-start.sh && npx tsx bench/postgres.ts [--file bench/.data/t30k.ndjson] [--lines 20000] [--batch 5000] [--rounds 2]
 * Prints, in one run:
 *  (a) store only: the store calls engine.ingest makes per batch (recorded once over the memory
 *      store), replayed into PostgreSQL; all calls, and the writes alone;
 *  (b) engine.ingest of canonical (pre-adapted) events over memory and over PostgreSQL,
 *      alternating rounds, with the ratio and the CPU split (node vs server);
 *  (c) raw `{format,payload}` lines end to end into PostgreSQL;
 *  (d) profile and brief lookup latency, p50/p99, over both stores.
 * CPU seconds of the server are read from /proc for the postmaster and its children (the
 * server runs on this machine). Set THROUGHLINE_BENCH_TRACE=1 to print time per statement.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import pg from 'pg'
import { createEngine, type CustomerEvent, type Engine, safeAdapt } from '../src/index.js'
import { createMemoryStore, type Store } from '../src/store/index.js'
import { createPostgresStore, migrate } from '../src/store/postgres/index.js'
import { BENCH_CLOCK } from './ingest.js'
import { BENCH_CONTEXT } from './generate.js'
import { readBatches } from './lib.js'
import { isWriteCall, recordingStore, replayStoreCalls, type StoreCall } from './store-recorder.js'

const url = process.env.THROUGHLINE_PG_URL
if (!url) throw new Error('set THROUGHLINE_PG_URL (source .ci/pg-start.sh)')
const argv = process.argv.slice(2)
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : fallback
}
const file = arg('file', 'bench/.data/t30k.ndjson')
const lineLimit = Number(arg('lines', '20000'))
const batch = Number(arg('batch', '5000'))
const rounds = Number(arg('rounds', '3'))

const pool = new pg.Pool({ connectionString: url, max: 4 })
const trace = new Map<string, { n: number; ms: number }>()
const timed = <Q extends { query: (text: string, values?: unknown[]) => Promise<unknown> }>(target: Q) => async (text: string, values?: unknown[]) => {
  const t = performance.now()
  try {
    return await target.query(text, values)
  } finally {
    const key = text.replace(/\s+/g, ' ').slice(0, 90)
    const entry = trace.get(key) ?? { n: 0, ms: 0 }
    entry.n++
    entry.ms += performance.now() - t
    trace.set(key, entry)
  }
}
const traced = process.env.THROUGHLINE_BENCH_TRACE
  ? {
      query: timed(pool),
      connect: async () => {
        const client = await pool.connect()
        return { query: timed(client), release: (e?: Error | boolean) => client.release(e) }
      },
    }
  : pool

const schemas: string[] = []
async function freshStore(name: string): Promise<Store> {
  const schema = `bench_${name}_${process.pid}`
  schemas.push(schema)
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await migrate({ pool, schema })
  return createPostgresStore({ pool: traced as pg.Pool, schema })
}

// The postmaster and every process it forked (backends, WAL writer, checkpointer...).
const { rows: dirRows } = await pool.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`)
const postmaster = Number(readFileSync(`${dirRows[0]?.setting}/postmaster.pid`, 'utf8').split('\n')[0])
function serverCpuSeconds(): number {
  let ticks = 0
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number)) {
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
      if (entry !== postmaster && Number(fields[1]) !== postmaster) continue
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // A process that exited between the listing and the read no longer counts.
    }
  }
  return ticks / 100
}
const clientCpuSeconds = () => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}

interface Figure {
  wall: number
  client: number
  server: number
}
async function measure(work: () => Promise<void>): Promise<Figure> {
  const s0 = serverCpuSeconds()
  const c0 = clientCpuSeconds()
  const t = performance.now()
  await work()
  return { wall: (performance.now() - t) / 1000, client: clientCpuSeconds() - c0, server: serverCpuSeconds() - s0 }
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
function line(label: string, events: number, f: Figure): string {
  return (
    `${label}: ${fmt(events / f.wall)} events/s wall (${f.wall.toFixed(2)} s); CPU node ${f.client.toFixed(2)} s + server ${f.server.toFixed(2)} s ` +
    `= ${fmt(events / (f.client + f.server))} events per CPU-second`
  )
}
/** JSON with object keys sorted: stores may return a document's keys in another order (the feed's `seq` first). */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : sortedJson(item))).join(',')}]`
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
  return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`
}
/** A hash of every stored profile and the whole change feed, as in bench/fingerprint.ts but with keys sorted. */
async function fingerprint(store: Store): Promise<string> {
  const hash = createHash('sha256')
  let profiles = 0
  let after: string | undefined
  for (;;) {
    const page = await store.listProfiles({ ...(after ? { after } : {}), limit: 1000 })
    if (page.length === 0) break
    for (const p of page) hash.update(sortedJson(p))
    profiles += page.length
    after = page.at(-1)?.id
  }
  const changes = await store.getChanges(0)
  for (const c of changes) hash.update(sortedJson(c))
  return JSON.stringify({ profiles, changes: changes.length, sha256: hash.digest('hex') })
}
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

// Input: raw lines, and the same lines adapted once, outside every timing.
const raw: unknown[][] = []
let lineCount = 0
for await (const chunk of readBatches(file, batch)) {
  const take = chunk.slice(0, lineLimit - lineCount)
  raw.push(take)
  lineCount += take.length
  if (lineCount >= lineLimit) break
}
const engineOver = (store?: Store) => createEngine({ context: BENCH_CONTEXT, clock: BENCH_CLOCK, ...(store ? { store } : {}) })
const adapter = engineOver()
const canonical: CustomerEvent[][] = []
for (const chunk of raw) {
  const out: CustomerEvent[] = []
  for (const input of chunk) {
    const { format, payload } = input as { format: string; payload: unknown }
    const adapted = safeAdapt(format, payload, adapter.context)
    const result = adapted instanceof Promise ? await adapted : adapted
    if (result.success) out.push(...(result.events as CustomerEvent[]))
  }
  canonical.push(out)
}
const eventCount = canonical.reduce((n, c) => n + c.length, 0)
console.log(`node ${process.version}, ${file}: ${fmt(lineCount)} lines -> ${fmt(eventCount)} canonical events, batches of ${batch}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)

async function ingestAll(engine: Engine, batches: readonly unknown[][]): Promise<number> {
  let accepted = 0
  for (const chunk of batches) accepted += (await engine.ingest(chunk, { batchSize: batch })).accepted
  return accepted
}

// (a) Record the store calls of each ingest transaction over the memory store, then replay them.
const transactions: StoreCall[][] = []
await ingestAll(engineOver(recordingStore(createMemoryStore(), transactions)), canonical)
for (const writesOnly of [false, true]) {
  const store = await freshStore(writesOnly ? 'writes' : 'replay')
  const f = await measure(() => replayStoreCalls(store, transactions, writesOnly ? isWriteCall : undefined))
  const counts = new Map<string, number>()
  for (const calls of transactions) for (const { method } of calls) if (!writesOnly || isWriteCall(method)) counts.set(method, (counts.get(method) ?? 0) + 1)
  console.log(line(`(a) store only, ${writesOnly ? 'writes alone' : 'every call of ingest'} (${transactions.length} transactions)`, eventCount, f))
  if (!writesOnly) console.log(`    calls: ${[...counts].map(([m, n]) => `${m} ${n}`).join(', ')}`)
}

// (b) engine.ingest of canonical events, memory vs PostgreSQL, alternating.
const memoryFigures: Figure[] = []
const postgresFigures: Figure[] = []
let memoryEngine = engineOver()
let postgresEngine = engineOver()
for (let round = 0; round < rounds; round++) {
  memoryEngine = engineOver()
  memoryFigures.push(await measure(async () => void (await ingestAll(memoryEngine, canonical))))
  postgresEngine = engineOver(await freshStore(`engine${round}`))
  postgresFigures.push(await measure(async () => void (await ingestAll(postgresEngine, canonical))))
  console.log(line(`(b) round ${round + 1} engine.ingest canonical, memory store  `, eventCount, memoryFigures[round] as Figure))
  console.log(line(`(b) round ${round + 1} engine.ingest canonical, postgres store`, eventCount, postgresFigures[round] as Figure))
}
const median = (figures: Figure[], key: (f: Figure) => number) => [...figures.map(key)].sort((a, b) => a - b)[Math.floor(figures.length / 2)] as number
const memWall = median(memoryFigures, (f) => f.wall)
const pgWall = median(postgresFigures, (f) => f.wall)
const memCpu = median(memoryFigures, (f) => f.client)
const pgNode = median(postgresFigures, (f) => f.client)
const pgServer = median(postgresFigures, (f) => f.server)
console.log(
  `(b) median of ${rounds}: memory ${fmt(eventCount / memWall)} events/s, postgres ${fmt(eventCount / pgWall)} events/s wall; ` +
    `postgres/memory ${(pgWall / memWall).toFixed(2)}x wall; CPU memory ${memCpu.toFixed(2)} s vs postgres node ${pgNode.toFixed(2)} s + server ${pgServer.toFixed(2)} s ` +
    `= ${((pgNode + pgServer) / memCpu).toFixed(2)}x (node alone ${(pgNode / memCpu).toFixed(2)}x)`,
)

const memoryPrint = await fingerprint(memoryEngine.store)
const postgresPrint = await fingerprint(postgresEngine.store)
console.log(`(b) fingerprint ${memoryPrint === postgresPrint ? 'equal' : 'DIFFERENT'}: memory ${memoryPrint}, postgres ${postgresPrint}`)

// (c) Raw lines end to end into PostgreSQL (adapt, validate, resolve, project, store), then the
// same lines into the memory store (not timed), to compare what both produced.
{
  const engine = engineOver(await freshStore('raw'))
  const f = await measure(async () => void (await ingestAll(engine, raw)))
  console.log(line(`(c) raw lines end to end, postgres store`, lineCount, f).replace('events/s', 'lines/s').replace('events per', 'lines per'))
  const reference = engineOver()
  await ingestAll(reference, raw)
  const [memoryRaw, postgresRaw] = [await fingerprint(reference.store), await fingerprint(engine.store)]
  console.log(`(c) fingerprint ${memoryRaw === postgresRaw ? 'equal' : 'DIFFERENT'}: memory ${memoryRaw}, postgres ${postgresRaw}`)
}

// (d) Lookup latency, one request at a time, on the stores filled in (b).
const emails: string[] = []
for (const chunk of canonical) for (const event of chunk) for (const id of event.identifiers) if (id.kind === 'email' && event.actor.role === 'customer') emails.push(id.value)
const sample = Array.from({ length: 500 }, (_, i) => emails[(i * 7919) % emails.length] as string)
for (const [name, engine] of [['memory', memoryEngine], ['postgres', postgresEngine]] as const) {
  for (const kind of ['profile', 'brief'] as const) {
    const samples: number[] = []
    for (const email of sample) {
      const t = performance.now()
      if (kind === 'profile') await engine.profile({ email })
      else await engine.brief({ email })
      samples.push(performance.now() - t)
    }
    samples.sort((a, b) => a - b)
    console.log(`(d) ${kind} by email, ${name}: p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms (${samples.length} sequential lookups)`)
  }
}

if (process.env.THROUGHLINE_BENCH_TRACE) {
  for (const [text, { n, ms }] of [...trace].sort((a, b) => b[1].ms - a[1].ms).slice(0, 14)) console.log(`${fmt(ms).padStart(7)} ms ${String(n).padStart(5)}x  ${text}`)
}
if (!process.env.THROUGHLINE_BENCH_KEEP) for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
await pool.end()
