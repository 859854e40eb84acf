/**
 * PostgreSQL store throughput and latency on a real server.
 *   source .ci/pg-start.sh && npx tsx bench/postgres.ts [events=20000] [batch=5000]
 * Prints: store-level batched ingest (the writes one engine transaction makes per batch),
 * engine-level ingest (identity resolution + profile building + the store), and profile
 * lookup latency. Set THROUGHLINE_BENCH_TRACE=1 to print time spent per statement.
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import pg from 'pg'
import { createEngine, type CustomerEvent, parseEvent } from '../src/index.js'
import { indexKeys } from '../src/store/index.js'
import { createPostgresStore, migrate } from '../src/store/postgres/index.js'
import { generatePeopleEvents } from '../test/store/fixtures/people.js'

const url = process.env.THROUGHLINE_PG_URL
if (!url) throw new Error('set THROUGHLINE_PG_URL (source .ci/pg-start.sh)')
const count = Number(process.argv[2] ?? 20_000)
const batch = Number(process.argv[3] ?? 5_000)

const pool = new pg.Pool({ connectionString: url, max: 4 })
const trace = new Map<string, { n: number; ms: number }>()
const traced = process.env.THROUGHLINE_BENCH_TRACE
  ? {
      query: async (text: string, values?: unknown[]) => {
        const t = performance.now()
        try {
          return await pool.query(text, values)
        } finally {
          record(text, performance.now() - t)
        }
      },
      connect: async () => {
        const client = await pool.connect()
        return {
          query: async (text: string, values?: unknown[]) => {
            const t = performance.now()
            try {
              return await client.query(text, values)
            } finally {
              record(text, performance.now() - t)
            }
          },
          release: (e?: Error | boolean) => client.release(e),
        }
      },
    }
  : pool
function record(text: string, ms: number) {
  const key = text.replace(/\s+/g, ' ').slice(0, 90)
  const entry = trace.get(key) ?? { n: 0, ms: 0 }
  entry.n++
  entry.ms += ms
  trace.set(key, entry)
}

const schemaFor = (name: string) => `bench_${name}_${process.pid}`
async function fresh(name: string) {
  const schema = schemaFor(name)
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await migrate({ pool, schema })
  return createPostgresStore({ pool: traced, schema })
}

/**
 * CPU seconds spent so far by this process and by the server's client backends (read from
 * /proc; the server runs on this machine). On a shared, loaded machine wall time mostly measures
 * the neighbours, so the bench also reports events per CPU-second of client plus server.
 */
async function cpuSeconds(): Promise<{ client: number; server: number }> {
  const { rows } = await pool.query(`SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'`)
  let ticks = 0
  for (const { pid } of rows as { pid: number }[]) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // A backend that exited between the query and the read no longer counts.
    }
  }
  const usage = process.cpuUsage()
  return { client: (usage.user + usage.system) / 1e6, server: ticks / 100 }
}
async function measure(label: string, events: number, work: () => Promise<string>) {
  const cpu0 = await cpuSeconds()
  const t = performance.now()
  const detail = await work()
  const seconds = (performance.now() - t) / 1000
  const cpu1 = await cpuSeconds()
  const client = cpu1.client - cpu0.client
  const server = cpu1.server - cpu0.server
  console.log(
    `${label}: ${fmt(events / seconds)} events/s wall (${seconds.toFixed(2)} s; ${detail}); ` +
      `${fmt(events / (client + server))} events per CPU-second (client ${client.toFixed(2)} s + server ${server.toFixed(2)} s)`,
  )
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

// Validated once, outside the timings, so the store-level figure measures the store only.
const events: CustomerEvent[] = generatePeopleEvents(count).map((input) => {
  const result = parseEvent(input)
  if (!result.success) throw new Error(JSON.stringify(result.issues))
  return result.event
})
console.log(`node ${process.version}, ${count} generated events, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)

// 1. Store level: per batch, one transaction that locks the batch's keys, reads the region,
// writes events, one profile per event, and one change record per profile.
{
  const store = await fresh('store')
  await measure('store batched ingest', count, async () => {
  for (let start = 0; start < events.length; start += batch) {
    const chunk = events.slice(start, start + batch)
    await store.transaction(async (tx) => {
      const keys = [...new Set(chunk.flatMap(indexKeys))].sort()
      await tx.lock(keys)
      await tx.getEvents(chunk.map((e) => e.id))
      const hits = await tx.findEventIdsByKeys(keys)
      await tx.findProfileIds([...new Set([...hits.values()].flat())])
      await tx.putEvents(chunk)
      const profiles = chunk.map((e) => ({ id: `prf_${e.id}`, eventIds: [e.id], evidence: [], snapshot: { id: `prf_${e.id}`, eventCount: 1 } }))
      await tx.putProfiles(profiles)
      await tx.appendChanges(profiles.map((p) => ({ profileId: p.id, op: 'create' as const, patch: [{ op: 'add', path: '/id', value: p.id }], cause: 'bench', at: '2026-11-20T12:00:00.000Z' })))
    })
  }
  return `${count} events, batches of ${batch}`
  })
}

// 2. Engine level: the same input through createEngine().ingest, which resolves identities and builds profiles.
const store = await fresh('engine')
const engine = createEngine({ store, clock: () => new Date('2026-11-20T12:00:00Z') })
{
  await measure('engine ingest', count, async () => {
    const report = await engine.ingest(events, { batchSize: batch })
    return `${report.accepted} events, ${report.profileIds.length} profiles, batches of ${batch}`
  })
}

// 3. Lookup latency: engine.profile by email, one request at a time.
{
  const people = Math.floor(count / 4)
  const samples: number[] = []
  for (let i = 0; i < 1000; i++) {
    const t = performance.now()
    await engine.profile({ email: `person${(i * 7919) % people}@example.com` })
    samples.push(performance.now() - t)
  }
  samples.sort((a, b) => a - b)
  console.log(`profile lookup by email: p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms (1,000 sequential lookups)`)
}

if (process.env.THROUGHLINE_BENCH_TRACE) {
  for (const [text, { n, ms }] of [...trace].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) console.log(`${fmt(ms).padStart(7)} ms ${String(n).padStart(5)}x  ${text}`)
}
if (!process.env.THROUGHLINE_BENCH_KEEP) for (const name of ["store", "engine"]) await pool.query(`DROP SCHEMA IF EXISTS "${schemaFor(name)}" CASCADE`)
await pool.end()
