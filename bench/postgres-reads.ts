/**
 * The region reads of an ingest (getEvents, findEventIdsByKeys, findProfileIds, getProfiles, as
 * recorded over the memory store from the first 20,000 lines of t30k) run against an older
 * tree's driver and this tree's, each on a store its own writes filled, median of 5 rounds;
 * node CPU from process.cpuUsage, server CPU from the backend's /proc schedstat.
 *   mkdir -p /tmp/pgbase && git archive <commit> src | tar -x -C /tmp/pgbase
 *   source .ci/pg-start.sh && npx tsx bench/postgres-reads.ts /tmp/pgbase/src
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import pg from 'pg'
import * as current from '../src/store/postgres/index.js'
import { isWriteCall, recordIngest, replayStoreCalls } from './store-recorder.js'
const base = (await import(join(resolve(process.argv[2] as string), 'store/postgres/index.ts'))) as typeof current
const { transactions } = await recordIngest('bench/.data/t30k.ndjson', 20000)
const reads = transactions.flat().filter((c) => !isWriteCall(c.method) && c.method !== 'lock')
const pool = new pg.Pool({ connectionString: process.env.THROUGHLINE_PG_URL, max: 1 })
const c = await pool.connect()
const pid = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid
c.release()
const serverMs = () => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
const nodeMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const stores: [string, current.PostgresStore][] = []
for (const [name, driver] of [['base', base], ['tree', current]] as const) {
  const schema = `reads_${process.pid}_${name}`
  await driver.migrate({ pool, schema })
  const store = driver.createPostgresStore({ pool, schema })
  await replayStoreCalls(store, transactions, isWriteCall)
  stores.push([name, store])
}
const res = new Map<string, number[][]>()
for (let r = 0; r < 5; r++) {
  for (const [name, store] of stores) {
    for (const method of ['getEvents', 'findEventIdsByKeys', 'findProfileIds', 'getProfiles']) {
      const s0 = serverMs(); const n0 = nodeMs()
      for (const call of reads) if (call.method === method) await (store[method as 'getEvents'] as (...a: unknown[]) => Promise<unknown>)(...call.args)
      const key = `${name} ${method}`
      res.set(key, [...(res.get(key) ?? []), [nodeMs() - n0, serverMs() - s0]])
    }
  }
}
for (const [key, v] of res) {
  const med = (i: number) => v.map((x) => x[i]!).sort((a, b) => a - b)[2]!.toFixed(0)
  console.log(key.padEnd(28), 'node', med(0).padStart(5), 'server', med(1).padStart(5))
}
for (const [name] of stores) await pool.query(`DROP SCHEMA reads_${process.pid}_${name} CASCADE`)
await pool.end()
