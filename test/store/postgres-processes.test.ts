import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/index.js'
import { createPostgresStore, migrate } from '../../src/store/postgres/index.js'
import { generatePeopleEvents } from './fixtures/people.js'
import { startIngestChild } from './fixtures/run-child.js'
import { dropSchema, PG_URL, SKIP_MESSAGE, testPool, testSchema } from './pg-server.js'

const COUNT = 2000
const BATCH = 200

/** Every way a committed state could be half-applied, as rows that should not exist. */
async function inconsistencies(pool: pg.Pool, schema: string): Promise<Record<string, number>> {
  const s = `"${schema}"`
  const checks: Record<string, string> = {
    eventsWithoutProfile: `SELECT e.id FROM ${s}.events e LEFT JOIN ${s}.profile_members m ON m.event_id = e.id WHERE m.event_id IS NULL`,
    membersWithoutEvent: `SELECT m.event_id FROM ${s}.profile_members m LEFT JOIN ${s}.events e ON e.id = m.event_id WHERE e.id IS NULL`,
    membersWithoutProfile: `SELECT m.event_id FROM ${s}.profile_members m LEFT JOIN ${s}.profiles p ON p.id = m.profile_id WHERE p.id IS NULL`,
    profileListsDisagree: `(SELECT p.id, x FROM ${s}.profiles p, unnest(p.event_ids) x EXCEPT SELECT profile_id, event_id FROM ${s}.profile_members)
      UNION ALL (SELECT profile_id, event_id FROM ${s}.profile_members EXCEPT SELECT p.id, x FROM ${s}.profiles p, unnest(p.event_ids) x)`,
    emptyProfiles: `SELECT id FROM ${s}.profiles WHERE cardinality(event_ids) = 0`,
    keysDisagree: `(SELECT (i->>'kind') || ':' || (i->>'value'), e.id FROM ${s}.events e, json_array_elements(e.body::json->'identifiers') i
        UNION SELECT 'about:' || (e.body::json->>'about'), e.id FROM ${s}.events e WHERE e.body::json->>'about' IS NOT NULL
      EXCEPT SELECT key, event_id FROM ${s}.event_keys)
      UNION ALL (SELECT key, event_id FROM ${s}.event_keys EXCEPT
        (SELECT (i->>'kind') || ':' || (i->>'value'), e.id FROM ${s}.events e, json_array_elements(e.body::json->'identifiers') i
         UNION SELECT 'about:' || (e.body::json->>'about'), e.id FROM ${s}.events e WHERE e.body::json->>'about' IS NOT NULL))`,
  }
  const found: Record<string, number> = {}
  for (const [name, sql] of Object.entries(checks)) found[name] = (await pool.query(sql)).rowCount ?? 0
  return found
}

const CONSISTENT = { eventsWithoutProfile: 0, membersWithoutEvent: 0, membersWithoutProfile: 0, profileListsDisagree: 0, emptyProfiles: 0, keysDisagree: 0 }

async function profilesOf(pool: pg.Pool, schema: string): Promise<{ id: string; event_ids: string[] }[]> {
  return (await pool.query(`SELECT id, event_ids FROM "${schema}".profiles ORDER BY id`)).rows
}

describe.skipIf(!PG_URL)(`ingest processes on a real server (${PG_URL ? 'THROUGHLINE_PG_URL' : SKIP_MESSAGE})`, () => {
  const pool = PG_URL ? testPool(2) : (undefined as never)
  const reference = testSchema('reference')
  const schemas = [reference]
  const fresh = async (purpose: string) => {
    const schema = testSchema(purpose)
    schemas.push(schema)
    await migrate({ pool, schema })
    return schema
  }

  beforeAll(async () => {
    // The reference is one ingester, in this process (a child would only add start-up time).
    await migrate({ pool, schema: reference })
    const engine = createEngine({ store: createPostgresStore({ pool, schema: reference }), clock: () => new Date('2026-11-20T12:00:00Z') })
    const report = await engine.ingest(generatePeopleEvents(COUNT), { batchSize: BATCH })
    expect(report.rejected).toEqual([])
  }, 60_000)
  afterAll(async () => {
    if (!pool) return
    for (const schema of schemas) await dropSchema(pool, schema)
    await pool.end()
  })

  it('builds a consistent reference from one process', async () => {
    expect((await pool.query(`SELECT count(*)::int AS n FROM "${reference}".events`)).rows[0].n).toBe(COUNT)
    expect(await inconsistencies(pool, reference)).toEqual(CONSISTENT)
    // The input is built so that people's events carry different identifiers: profiles must join them.
    const sizes = (await profilesOf(pool, reference)).map((p) => p.event_ids.length)
    expect(Math.max(...sizes)).toBeGreaterThan(3)
  })

  it('keeps every acknowledged batch exactly once and nothing half-applied when the process is killed mid-ingest', async () => {
    const schema = await fresh('crash')
    const first = startIngestChild({ schema, count: COUNT, batch: BATCH })
    await first.acks(3)
    first.process.kill('SIGKILL')
    expect(await first.exited).toBeNull()
    const acked = [...first.acked]
    expect(acked.length).toBeGreaterThanOrEqual(3 * BATCH)
    expect(acked.length).toBeLessThan(COUNT)
    const stored = (await pool.query(`SELECT id FROM "${schema}".events WHERE id = ANY($1)`, [acked])).rowCount
    expect(stored).toBe(acked.length)
    // Whatever the killed transaction wrote is either all there or not at all: whole batches only.
    const total = (await pool.query(`SELECT count(*)::int AS n FROM "${schema}".events`)).rows[0].n as number
    expect(total % BATCH).toBe(0)
    expect(await inconsistencies(pool, schema)).toEqual(CONSISTENT)

    const second = startIngestChild({ schema, count: COUNT, batch: BATCH })
    expect(await second.exited).toBe(0)
    expect((await pool.query(`SELECT count(*)::int AS n FROM "${schema}".events`)).rows[0].n).toBe(COUNT)
    expect(await inconsistencies(pool, schema)).toEqual(CONSISTENT)
    expect(await profilesOf(pool, schema)).toEqual(await profilesOf(pool, reference))
  }, 180_000) // two child processes start tsx: tens of seconds when the machine is loaded

  it('ends with the same profiles when two processes ingest interleaved halves at once', async () => {
    const schema = await fresh('concurrent')
    const children = ['0/2', '1/2'].map((part) => startIngestChild({ schema, count: COUNT, batch: BATCH / 2, part }))
    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0])
    expect(await inconsistencies(pool, schema)).toEqual(CONSISTENT)
    expect(await profilesOf(pool, schema)).toEqual(await profilesOf(pool, reference))
    // The change feed is readable in seq order with no duplicates.
    const seqs = (await pool.query(`SELECT seq FROM "${schema}".changes ORDER BY seq`)).rows.map((r) => Number(r.seq))
    expect(new Set(seqs).size).toBe(seqs.length)
  }, 180_000)
})
