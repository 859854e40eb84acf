import pg from 'pg'
import { createEngine, type CustomerEvent, safeAdapt } from '../src/index.js'
import { createMemoryStore } from '../src/store/index.js'
import { createPostgresStore, migrate } from '../src/store/postgres/index.js'
import { BENCH_CONTEXT } from './generate.js'
import { BENCH_CLOCK } from './ingest.js'
import { readBatches } from './lib.js'
import { isWriteCall, recordingStore, replayStoreCalls, type StoreCall } from './store-recorder.js'
const transactions: StoreCall[][] = []
const engine = createEngine({ context: BENCH_CONTEXT, clock: BENCH_CLOCK, store: recordingStore(createMemoryStore(), transactions) })
let lines = 0
for await (const chunk of readBatches('bench/.data/t30k.ndjson', 5000)) {
  const events: CustomerEvent[] = []
  for (const input of chunk as { format: string; payload: unknown }[]) {
    const r = safeAdapt(input.format, input.payload, engine.context)
    const result = r instanceof Promise ? await r : r
    if (result.success) events.push(...(result.events as CustomerEvent[]))
  }
  lines += chunk.length
  await engine.ingest(events, { batchSize: 5000 })
  if (lines >= 20000) break
}
const pool = new pg.Pool({ connectionString: process.env.THROUGHLINE_PG_URL, max: 1 })
const only = process.argv.includes('--writes') ? isWriteCall : undefined
for (let i = 0; i < 3; i++) {
  const schema = `prof_${process.pid}_${i}`
  await migrate({ pool, schema })
  const t = process.cpuUsage()
  await replayStoreCalls(createPostgresStore({ pool, schema }), transactions, only)
  const u = process.cpuUsage(t)
  console.log(`replay ${i}: node ${((u.user + u.system) / 1000).toFixed(0)} ms`)
  await pool.query(`DROP SCHEMA "${schema}" CASCADE`)
}
await pool.end()
