import { readFileSync } from 'node:fs'
import pg from 'pg'
const pool = new pg.Pool({ connectionString: process.env.THROUGHLINE_PG_URL, max: 1 })
const c = await pool.connect()
const pid = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid
const cpu = () => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
const src = process.argv[2] as string
await c.query(`DROP SCHEMA IF EXISTS micro CASCADE; CREATE SCHEMA micro`)
await c.query(`CREATE TABLE micro.ev AS SELECT id, occurred_at, revision, body::text AS body FROM ${src}.events ORDER BY id LIMIT 4000`)
await c.query(`CREATE TABLE micro.ks AS SELECT key, event_id FROM ${src}.event_keys ORDER BY event_id LIMIT 4300`)
const setup: Record<string, string> = {
  ev: `CREATE TABLE micro.t (id text COLLATE "C" PRIMARY KEY, occurred_at timestamptz, revision int, body json)`,
  evtext: `CREATE TABLE micro.t (id text COLLATE "C" PRIMARY KEY, occurred_at timestamptz, revision int, body text)`,
  k2: `CREATE TABLE micro.t (key text COLLATE "C", event_id text COLLATE "C", PRIMARY KEY (key, event_id)); CREATE INDEX ON micro.t (event_id)`,
  k1: `CREATE TABLE micro.t (key text COLLATE "C", event_id text COLLATE "C", PRIMARY KEY (key, event_id))`,
}
const variants: [string, string, string][] = [
  ['ev', 'json plain', `INSERT INTO micro.t SELECT id, occurred_at, revision, body::json FROM micro.ev`],
  ['ev', 'json upsert', `INSERT INTO micro.t SELECT id, occurred_at, revision, body::json FROM micro.ev ON CONFLICT (id) DO UPDATE SET body = excluded.body`],
  ['evtext', 'text plain', `INSERT INTO micro.t SELECT id, occurred_at, revision, body FROM micro.ev`],
  ['evtext', 'text upsert', `INSERT INTO micro.t SELECT id, occurred_at, revision, body FROM micro.ev ON CONFLICT (id) DO UPDATE SET body = excluded.body`],
  ['k2', 'keys 2 idx plain', `INSERT INTO micro.t SELECT * FROM micro.ks`],
  ['k2', 'keys 2 idx nothing', `INSERT INTO micro.t SELECT * FROM micro.ks ON CONFLICT DO NOTHING`],
  ['k1', 'keys 1 idx plain', `INSERT INTO micro.t SELECT * FROM micro.ks`],
  ['k1', 'keys 1 idx nothing', `INSERT INTO micro.t SELECT * FROM micro.ks ON CONFLICT DO NOTHING`],
  ['ev', 'noop', `SELECT 1`],
]
const res = new Map<string, number[]>()
for (let r = 0; r < 7; r++) {
  for (const [s, name, sql] of variants) {
    await c.query(`DROP TABLE IF EXISTS micro.t`)
    for (const stmt of setup[s]!.split('; ')) await c.query(stmt)
    await c.query('CHECKPOINT').catch(() => {})
    const t = cpu()
    await c.query(sql)
    const d = cpu() - t
    res.set(name, [...(res.get(name) ?? []), d])
  }
}
for (const [name, v] of res) console.log(name.padEnd(20), 'median ms', v.sort((a, b) => a - b)[3]!.toFixed(1), v.map((x) => x.toFixed(0)).join(' '))
await c.query(`DROP SCHEMA micro CASCADE`)
c.release()
await pool.end()
