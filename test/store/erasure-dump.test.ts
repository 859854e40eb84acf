import { PGlite } from '@electric-sql/pglite'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/index.js'
import { createPostgresStore, type PostgresPool } from '../../src/store/postgres/index.js'
import { CONTEXT, call, email } from '../helpers/fixtures.js'
import { dropSchema, PG_URL, SKIP_MESSAGE, testPool, testSchema } from './pg-server.js'

const clock = () => new Date('2026-11-20T12:00:00Z')
const annSecrets = ['ann.lee@example.com', '+14155550100', 'Ann Lee', 'secret order', 'm1@example.com', 'CA1']

/** Every row of every table in the schema, as JSON text: what a database dump would hold. */
async function dump(query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>, schema: string): Promise<string> {
  const { rows } = await query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema])
  const parts: string[] = []
  for (const { table_name: table } of rows as { table_name: string }[]) {
    const { rows: data } = await query(`SELECT row_to_json(t)::text AS row FROM "${schema}"."${table}" t`)
    for (const { row } of data as { row: string }[]) parts.push(row)
  }
  return parts.join('\n')
}

async function eraseAnnAndDump(pool: PostgresPool, schema: string, query: Parameters<typeof dump>[0]) {
  const store = createPostgresStore({ pool, schema })
  await store.migrate()
  const engine = createEngine({ store, clock, context: CONTEXT, erasure: { salt: 'test-salt-please-rotate-never' } })
  const ann = [
    { format: 'email.postal-mime', payload: email({ messageId: '<m1@example.com>', text: 'My secret order A-1001 arrived broken' }) },
    { format: 'twilio.voice.status', payload: call({ CallSid: 'CA1', From: '(415) 555-0100' }) },
    {
      type: 'record',
      occurredAt: '2026-11-17T08:00:00Z',
      channel: 'crm',
      direction: 'internal',
      actor: { role: 'system' },
      identifiers: [{ kind: 'email', value: 'ann.lee@example.com', grade: 'record' }, { kind: 'phone', value: '+14155550100', grade: 'record' }],
      traits: { name: 'Ann Lee' },
      source: { system: 'hubspot', id: 'ann' },
    },
  ]
  const bob = { format: 'email.postal-mime', payload: email({ messageId: '<b1@example.org>', from: { address: 'bob@example.org', name: 'Bob Stone' }, text: 'Where is my parcel?' }) }
  await engine.ingest([...ann, bob])
  const bobBefore = await engine.profile({ email: 'bob@example.org' })
  expect(await dump(query, schema)).toContain('Ann Lee')
  await engine.erase({ email: 'ann.lee@example.com' })
  const after = await dump(query, schema)
  for (const secret of annSecrets) expect(after).not.toContain(secret)
  expect(after).toContain('Bob Stone')
  expect(await engine.profile({ email: 'bob@example.org' })).toEqual(bobBefore)
  const replay = await engine.ingest(ann)
  expect(replay.rejected.map((r) => r.code)).toEqual(['suppressed', 'suppressed', 'suppressed'])
}

describe('erasure on PostgreSQL', () => {
  let lite: PGlite | undefined
  afterAll(async () => {
    await lite?.close()
  })

  it('leaves none of the person’s identifiers, names or words in a dump of every table (PGlite)', async () => {
    lite = await PGlite.create()
    const db = lite
    await eraseAnnAndDump(db, 'erasure_lite', (sql, params) => db.query(sql, params))
  }, 120_000)

  it.skipIf(!PG_URL)(`does the same on a PostgreSQL server${PG_URL ? '' : ` (${SKIP_MESSAGE})`}`, async () => {
    const pool = testPool()
    const schema = testSchema('erasure')
    try {
      await eraseAnnAndDump(pool, schema, (sql, params) => pool.query(sql, params))
    } finally {
      await dropSchema(pool, schema)
      await pool.end()
    }
  })
})
