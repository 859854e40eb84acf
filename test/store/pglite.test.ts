import { describe, expect, it } from 'vitest'
import { ThroughlineError } from '../../src/errors.js'
import { createPostgresStore, migrate } from '../../src/store/postgres/index.js'
import { usePglite } from '../helpers/pglite.js'
import { storeContract } from './contract.js'

const pglite = usePglite('contract')
const db = () => pglite.db()

storeContract('pglite', pglite.freshStore)

describe('postgres store on PGlite', () => {
  it('migrates once, records the version, and does nothing the second time', async () => {
    expect(await migrate({ pool: db(), schema: 'crm' })).toEqual({ applied: [1, 2, 3], version: 3 })
    expect(await migrate({ pool: db(), schema: 'crm' })).toEqual({ applied: [], version: 3 })
    const { rows } = await db().query<{ version: number }>('SELECT version FROM crm.throughline_migrations ORDER BY version')
    expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }])
  })

  it('upgrades a version 1 database (jsonb documents) to version 2 keeping its rows', async () => {
    const store = createPostgresStore({ pool: db(), schema: 'upgrade' })
    await store.migrate()
    // Back to the version 1 column types, as a database created before version 2 has them.
    await db().query('ALTER TABLE upgrade.profiles ALTER COLUMN evidence TYPE jsonb, ALTER COLUMN snapshot TYPE jsonb')
    await db().query('ALTER TABLE upgrade.changes ALTER COLUMN patch TYPE jsonb')
    await db().query('DELETE FROM upgrade.throughline_migrations WHERE version = 2')
    const profile = { id: 'prf_1', eventIds: ['evt_1'], evidence: [], snapshot: { id: 'prf_1', name: 'Ann' } }
    await store.transaction(async (tx) => {
      await tx.putProfiles([profile])
      await tx.appendChanges([{ profileId: 'prf_1', op: 'create', patch: [{ op: 'add', path: '/name', value: 'Ann' }], cause: 'ingest', at: '2026-01-01T00:00:00.000Z' }])
    })
    expect(await store.migrate()).toEqual({ applied: [2], version: 3 })
    const { rows } = await db().query<{ type: string }>(
      `SELECT data_type AS type FROM information_schema.columns WHERE table_schema = 'upgrade' AND column_name IN ('evidence', 'snapshot', 'patch') ORDER BY column_name`,
    )
    expect(rows.map((r) => r.type)).toEqual(['json', 'json', 'json'])
    expect(await store.getProfiles(['prf_1'])).toEqual([profile])
    expect((await store.getChanges(0)).map((c) => c.patch)).toEqual([[{ op: 'add', path: '/name', value: 'Ann' }]])
    expect(await store.transaction((tx) => tx.redactChanges(['prf_1']))).toBe(1)
  })

  it('upgrades a version 2 database to version 3, giving its profiles distinct member versions', async () => {
    const store = createPostgresStore({ pool: db(), schema: 'upgrade3' })
    await store.migrate()
    // Back to version 2: no member versions.
    await db().query('ALTER TABLE upgrade3.profiles DROP COLUMN member_version')
    await db().query('DROP SEQUENCE upgrade3.member_versions')
    await db().query('DELETE FROM upgrade3.throughline_migrations WHERE version = 3')
    await db().query(`INSERT INTO upgrade3.profiles (id, event_ids, evidence, snapshot) VALUES ('prf_1', '{evt_1}', '[]', null), ('prf_2', '{evt_2}', '[]', null)`)
    expect(await store.migrate()).toEqual({ applied: [3], version: 3 })
    const versions = await store.memberVersions(['prf_1', 'prf_2', 'prf_3'])
    expect([...versions.keys()].sort()).toEqual(['prf_1', 'prf_2'])
    expect(versions.get('prf_1')).not.toBe(versions.get('prf_2'))
    expect(await store.getProfiles(['prf_1'])).toEqual([{ id: 'prf_1', eventIds: ['evt_1'], evidence: [], snapshot: undefined }])
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
