import { describe, expect, it } from 'vitest'
import { ThroughlineError } from '../../src/errors.js'
import { createPostgresStore, MIGRATIONS, migrate } from '../../src/store/postgres/index.js'
import { migrationStatements } from '../../src/store/postgres/migrations.js'
import { jsonList, separators } from '../../src/store/postgres/packed-text.js'
import { usePglite } from '../helpers/pglite.js'
import type { CustomerEvent } from '../../src/events/index.js'
import { storeContract, storeEvent } from './contract.js'

const pglite = usePglite('contract')
const db = () => pglite.db()

storeContract('pglite', pglite.freshStore)

describe('postgres store on PGlite', () => {
  it('migrates once, records the version, and does nothing the second time', async () => {
    expect(await migrate({ pool: db(), schema: 'crm' })).toEqual({ applied: [1, 2, 3, 4], version: 4 })
    expect(await migrate({ pool: db(), schema: 'crm' })).toEqual({ applied: [], version: 4 })
    const { rows } = await db().query<{ version: number }>('SELECT version FROM crm.throughline_migrations ORDER BY version')
    expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }])
  })

  /** A schema as a release that stopped at `version` left it, with its migrations recorded. */
  async function schemaAt(schema: string, version: number): Promise<void> {
    await db().query(`CREATE SCHEMA ${schema}`)
    await db().query(`CREATE TABLE ${schema}.throughline_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    for (const migration of MIGRATIONS.filter((m) => m.version <= version)) {
      for (const statement of migrationStatements(migration, `"${schema}"`)) await db().query(statement)
      await db().query(`INSERT INTO ${schema}.throughline_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name])
    }
  }
  const documentTypes = async (schema: string) =>
    (
      await db().query<{ type: string }>(
        `SELECT data_type AS type FROM information_schema.columns WHERE table_schema = $1 AND column_name IN ('body', 'evidence', 'snapshot', 'patch') AND table_name <> 'links' ORDER BY table_name, column_name`,
        [schema],
      )
    ).rows.map((r) => r.type)

  it('upgrades a version 1 database (jsonb documents) to the current version keeping its rows', async () => {
    await schemaAt('upgrade', 1)
    // changes.patch, events.body (json from the start), profiles.evidence, profiles.snapshot
    expect(await documentTypes('upgrade')).toEqual(['jsonb', 'json', 'jsonb', 'jsonb'])
    await db().query(`INSERT INTO upgrade.profiles (id, event_ids, evidence, snapshot) VALUES ('prf_1', '{evt_1}', '[]', '{"id": "prf_1", "name": "Ann"}')`)
    await db().query(
      `INSERT INTO upgrade.changes (profile_id, op, patch, cause, at) VALUES ('prf_1', 'create', '[{"op": "add", "path": "/name", "value": "Ann"}]', 'ingest', '2026-01-01T00:00:00.000Z')`,
    )
    const store = createPostgresStore({ pool: db(), schema: 'upgrade' })
    expect(await store.migrate()).toEqual({ applied: [2, 3, 4], version: 4 })
    expect(await documentTypes('upgrade')).toEqual(['text', 'text', 'text', 'text'])
    expect(await store.getProfiles(['prf_1'])).toEqual([{ id: 'prf_1', eventIds: ['evt_1'], evidence: [], snapshot: { id: 'prf_1', name: 'Ann' } }])
    expect((await store.getChanges(0)).map((c) => c.patch)).toEqual([[{ op: 'add', path: '/name', value: 'Ann' }]])
    expect(await store.transaction((tx) => tx.redactChanges(['prf_1']))).toBe(1)
    expect(await store.transaction((tx) => tx.redactChanges(['prf_1']))).toBe(0)
  })

  it('upgrades a version 2 database to version 3, giving its profiles distinct member versions', async () => {
    await schemaAt('upgrade3', 2)
    await db().query(`INSERT INTO upgrade3.profiles (id, event_ids, evidence, snapshot) VALUES ('prf_1', '{evt_1}', '[]', null), ('prf_2', '{evt_2}', '[]', null)`)
    const store = createPostgresStore({ pool: db(), schema: 'upgrade3' })
    expect(await store.migrate()).toEqual({ applied: [3, 4], version: 4 })
    const versions = await store.memberVersions(['prf_1', 'prf_2', 'prf_3'])
    expect([...versions.keys()].sort()).toEqual(['prf_1', 'prf_2'])
    expect(versions.get('prf_1')).not.toBe(versions.get('prf_2'))
    expect(await store.getProfiles(['prf_1'])).toEqual([{ id: 'prf_1', eventIds: ['evt_1'], evidence: [], snapshot: undefined }])
  })

  it('upgrades a version 3 database (json documents) to version 4 (text), keeping the JSON text as written', async () => {
    await schemaAt('upgrade4', 3)
    expect(await documentTypes('upgrade4')).toEqual(['json', 'json', 'json', 'json'])
    const event = storeEvent(1, { email: 'ann@example.com' })
    // As version 3 wrote them: json values, key order kept.
    await db().query(`INSERT INTO upgrade4.events (id, occurred_at, revision, body) VALUES ($1, $2, $3, $4::json)`, [event.id, event.occurredAt, event.revision, JSON.stringify(event)])
    await db().query(`INSERT INTO upgrade4.event_keys (key, event_id) VALUES ('email:ann@example.com', $1)`, [event.id])
    await db().query(`INSERT INTO upgrade4.profiles (id, event_ids, evidence, snapshot) VALUES ('prf_1', $1, '[]', '{"name":"Ann","id":"prf_1"}')`, [[event.id]])
    await db().query(`INSERT INTO upgrade4.profile_members (event_id, profile_id) VALUES ($1, 'prf_1')`, [event.id])
    await db().query(`INSERT INTO upgrade4.changes (profile_id, op, patch, cause, at) VALUES ('prf_1', 'create', '[]', 'ingest', '2026-01-01T00:00:00.000Z')`)
    const before = (await store4().memberVersions(['prf_1'])).get('prf_1')
    expect(await store4().migrate()).toEqual({ applied: [4], version: 4 })
    expect(await documentTypes('upgrade4')).toEqual(['text', 'text', 'text', 'text'])
    const { rows } = await db().query<{ body: string; snapshot: string }>(`SELECT e.body, p.snapshot FROM upgrade4.events e, upgrade4.profiles p`)
    expect(rows).toEqual([{ body: JSON.stringify(event), snapshot: '{"name":"Ann","id":"prf_1"}' }])
    expect(await store4().getEvents([event.id])).toEqual([event])
    expect(await store4().findEventIdsByKeys(['email:ann@example.com'])).toEqual(new Map([['email:ann@example.com', [event.id]]]))
    expect(await store4().findProfileIds([event.id])).toEqual(new Map([[event.id, 'prf_1']]))
    expect((await store4().getProfiles(['prf_1']))[0]?.snapshot).toEqual({ name: 'Ann', id: 'prf_1' })
    expect((await store4().memberVersions(['prf_1'])).get('prf_1')).toBe(before)
    // Rows written before the upgrade are rewritten in place by the new statements.
    const revised = { ...event, revision: event.revision + 1 }
    await store4().transaction(async (tx) => {
      await tx.putEvents([revised])
      await tx.putProfiles([{ id: 'prf_1', eventIds: [event.id], evidence: [], snapshot: { name: 'Ann B' } }])
    })
    expect(await store4().getEvents([event.id])).toEqual([revised])
    expect((await store4().memberVersions(['prf_1'])).get('prf_1')).not.toBe(before)
    expect(await store4().transaction((tx) => tx.redactChanges(['prf_1']))).toBe(1)
  })
  const store4 = () => createPostgresStore({ pool: db(), schema: 'upgrade4' })

  it('keeps ids, keys and documents holding separator characters apart (lists travel as one joined text)', async () => {
    const store = createPostgresStore({ pool: db(), schema: 'separators' })
    await store.migrate()
    // Every preferred separator in an id or a key: the store must pick one none of them holds.
    const controls = Array.from({ length: 0x1f }, (_, i) => String.fromCharCode(i + 1)).filter((c) => c !== '\n' && c !== '\r' && c !== '\t')
    // Identifier values this odd never pass event validation; the store keeps whatever it is given.
    const withCrm = (event: CustomerEvent, value: string): CustomerEvent => ({ ...event, identifiers: [{ ...event.identifiers[0]!, kind: 'crm', value }] })
    const odd = withCrm(storeEvent(1, { email: 'a@example.com' }, { id: `evt_\u001e\u001f,"{}\\` }), `sys:a${controls.join('')}`)
    const plain = withCrm(storeEvent(2, { email: 'b@example.com' }, { content: { text: `x${controls.join('')}\ue000` } }), 'sys:b\u001e')
    await store.transaction(async (tx) => {
      await tx.putEvents([odd, plain])
      await tx.putProfiles([{ id: odd.id, eventIds: [odd.id, plain.id], evidence: [], snapshot: { note: 'a\u001eb\ue000' } }])
    })
    expect(await store.getEvents([plain.id, odd.id, odd.id])).toEqual([plain, odd, odd])
    const keys = [`crm:sys:a${controls.join('')}`, 'crm:sys:b\u001e']
    expect(await store.findEventIdsByKeys(keys)).toEqual(new Map([[keys[0], [odd.id]], [keys[1], [plain.id]]]))
    expect(await store.findProfileIds([odd.id, plain.id])).toEqual(new Map([[odd.id, odd.id], [plain.id, odd.id]]))
    expect(await store.getProfiles([odd.id])).toEqual([{ id: odd.id, eventIds: [odd.id, plain.id], evidence: [], snapshot: { note: 'a\u001eb\ue000' } }])
    // One profile with no members and no snapshot: an empty list packs to an empty text.
    await store.transaction((tx) => tx.putProfiles([{ id: 'prf_empty', eventIds: [], evidence: [], snapshot: undefined }]))
    expect(await store.listProfiles({ after: 'prf_', limit: 1 })).toEqual([{ id: 'prf_empty', eventIds: [], evidence: [], snapshot: undefined }])
  })

  it('picks separators no value holds, past the control characters when values hold them all', () => {
    const controls = [...Array.from({ length: 8 }, (_, i) => i + 1), ...Array.from({ length: 0x1f - 0x0e + 1 }, (_, i) => i + 0x0e)].map((c) => String.fromCharCode(c))
    expect(separators(2, [['evt_1', 'email:a@b']])).toEqual(['\u001e', '\u001f'])
    expect(separators(1, [['a\u001eb']])).toEqual(['\u001f'])
    expect(separators(1, [[controls.join(''), '\ue000']])).toEqual(['\ue001'])
  })

  it('joins documents for one split, going per document when one holds the marker it splits by', async () => {
    const split = async (docs: unknown[]) => {
      const { text, separator } = jsonList(docs)
      const { rows } = await db().query<{ parts: string[] }>('SELECT string_to_array($1, $2) AS parts', [text, separator])
      return { separator, parts: rows[0]!.parts.map((part) => JSON.parse(part) as unknown) }
    }
    const docs = [{ a: 1 }, '\u001e', ['x', '\u001e'], null, 'tail', { b: '\u001e' }]
    expect(await split(docs)).toEqual({ separator: ',"\\u001e",', parts: docs })
    // An array holding a lone U+001E string between two others writes the marker's text itself.
    const marked = [{ a: 1 }, ['x', '\u001e', 'y'], 2]
    expect(await split(marked)).toEqual({ separator: '\u001e', parts: marked })
    expect(await split([{ only: true }])).toEqual({ separator: ',"\\u001e",', parts: [{ only: true }] })
  })

  it('rejects a schema name that is not a plain identifier', () => {
    expect(() => createPostgresStore({ pool: db(), schema: 'x"; drop table y' })).toThrow(expect.objectContaining({ code: 'invalid_options' }))
  })

  it('reports a database error as store_failure with the cause', async () => {
    const store = createPostgresStore({ pool: db(), schema: 'never_migrated' })
    const error = await store.countEvents().catch((e: unknown) => e)
    expect(ThroughlineError.is(error) && error.code).toBe('store_failure')
    expect((error as Error).cause).toBeDefined()
    const txError = await store.transaction((tx) => tx.putMeta('k', 1)).catch((e: unknown) => e)
    expect(ThroughlineError.is(txError) && txError.code).toBe('store_failure')
  })
})
