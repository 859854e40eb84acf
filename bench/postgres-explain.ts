/**
 * Where the server's time goes in the PostgreSQL store: replays the store calls engine.ingest
 * makes (recorded over the memory store) on one connection with `auto_explain` loaded, printing
 * the plan, with actual times and buffers, of every statement slower than --slow ms (they come
 * back as notices), then the server's time per statement shape from `pg_stat_statements` when
 * the server has it loaded (shared_preload_libraries) and the extension is created.
 *   source .ci/pg-start.sh && npx tsx bench/postgres-explain.ts [--lines 20000] [--slow 20] [--keep]
 */
import pg from 'pg'
import { createPostgresStore, migrate } from '../src/store/postgres/index.js'
import { recordIngest, replayStoreCalls } from './store-recorder.js'

const argv = process.argv.slice(2)
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : fallback
}
const url = process.env.THROUGHLINE_PG_URL
if (!url) throw new Error('set THROUGHLINE_PG_URL (source .ci/pg-start.sh)')
const lineLimit = Number(arg('lines', '20000'))

const { transactions } = await recordIngest(arg('file', 'bench/.data/t30k.ndjson'), lineLimit)

const pool = new pg.Pool({ connectionString: url, max: 1 })
const schema = `explain_${process.pid}`
await migrate({ pool, schema })
const client = await pool.connect()
await client.query(`LOAD 'auto_explain'`)
client.on('notice', (notice) => console.log(notice.message))
for (const setting of [`log_min_duration = ${Number(arg('slow', '20'))}`, 'log_level = notice', 'log_analyze = on', 'log_buffers = on', 'log_nested_statements = on', 'log_format = text']) {
  await client.query(`SET auto_explain.${setting}`)
}
const stats = (await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`)).rows.length > 0
if (stats) await client.query('SELECT pg_stat_statements_reset()')
client.release()
await replayStoreCalls(createPostgresStore({ pool, schema }), transactions)
if (stats) {
  const { rows } = await pool.query(
    `SELECT calls, round(total_exec_time) AS ms, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS q FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 20`,
  )
  for (const r of rows) console.log(`${String(r.ms).padStart(6)} ms ${String(r.calls).padStart(5)}x ${String(r.rows).padStart(7)} rows  ${r.q}`)
}
if (argv.includes('--keep')) console.log(`kept schema ${schema}`)
else await pool.query(`DROP SCHEMA "${schema}" CASCADE`)
await pool.end()
