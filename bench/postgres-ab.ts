/**
 * A/B of the PostgreSQL store alone: the store calls engine.ingest makes (recorded once over
 * the memory store) replayed into an older tree's driver and this tree's, alternating rounds,
 * on one server connection whose CPU is read from /proc/<backend>/schedstat.
 *   mkdir -p /tmp/pgbase && git archive <commit> src | tar -x -C /tmp/pgbase
 *   source .ci/pg-start.sh && npx tsx bench/postgres-ab.ts --base /tmp/pgbase/src [--file bench/.data/t30k.ndjson] [--lines 20000] [--rounds 3]
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import pg from 'pg'
import * as current from '../src/store/postgres/index.js'
import { isWriteCall, recordIngest, replayStoreCalls } from './store-recorder.js'

const argv = process.argv.slice(2)
const arg = (name: string, fallback?: string) => {
  const i = argv.indexOf(`--${name}`)
  const value = i >= 0 ? argv[i + 1] : fallback
  if (value === undefined) throw new Error(`--${name} is required`)
  return value
}
const url = process.env.THROUGHLINE_PG_URL
if (!url) throw new Error('set THROUGHLINE_PG_URL (source .ci/pg-start.sh)')
const base = (await import(join(resolve(arg('base')), 'store/postgres/index.ts'))) as typeof current
const rounds = Number(arg('rounds', '3'))
const lineLimit = Number(arg('lines', '20000'))

// Record every store call of each ingest transaction over the memory store.
const { transactions, memory, lines } = await recordIngest(arg('file', 'bench/.data/t30k.ndjson'), lineLimit)
const stored = await memory.countEvents()

const pool = new pg.Pool({ connectionString: url, max: 1 })
const client = await pool.connect()
const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid
client.release()
const serverMs = () => Number(readFileSync(`/proc/${backend}/schedstat`, 'utf8').split(' ')[0]) / 1e6
const nodeMs = () => {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1000
}
const results = new Map<string, { node: number[]; server: number[] }>()
for (let round = 0; round < rounds; round++) {
  for (const [name, driver] of [['base', base], ['this tree', current]] as const) {
    for (const writesOnly of [true, false]) {
      const schema = `ab_${process.pid}_${round}_${name === 'base' ? 'a' : 'b'}${writesOnly ? 'w' : 'all'}`
      await driver.migrate({ pool, schema })
      const store = driver.createPostgresStore({ pool, schema })
      const server0 = serverMs()
      const node0 = nodeMs()
      await replayStoreCalls(store, transactions, writesOnly ? isWriteCall : undefined)
      const key = `${name}, ${writesOnly ? 'writes alone' : 'every call'}`
      const entry = results.get(key) ?? { node: [], server: [] }
      entry.node.push(nodeMs() - node0)
      entry.server.push(serverMs() - server0)
      results.set(key, entry)
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`)
    }
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
console.log(`${lines} lines -> ${stored} stored events in ${transactions.length} transactions; median of ${rounds} alternating rounds`)
for (const [key, { node, server }] of results) {
  const n = median(node)
  const s = median(server)
  console.log(`${key.padEnd(24)} node ${n.toFixed(0).padStart(5)} ms + server ${s.toFixed(0).padStart(5)} ms = ${Math.round(stored / ((n + s) / 1000)).toLocaleString('en-US')} events per CPU-second`)
}
await pool.end()
