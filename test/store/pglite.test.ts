import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ThroughlineError } from '../../src/errors.js'
import { createPostgresStore, migrate } from '../../src/store/postgres/index.js'
import { storeContract } from './contract.js'

// Starting PGlite takes seconds (it runs initdb in WebAssembly), so the file shares one
// database and gives every store a schema of its own.
let db: PGlite
let schemas = 0
beforeAll(async () => {
  db = await PGlite.create()
}, 60_000)
afterAll(async () => {
  await db?.close()
})

storeContract('pglite', async () => {
  const store = createPostgresStore({ pool: db, schema: `contract_${++schemas}` })
  await store.migrate()
  return store
})

describe('postgres store on PGlite', () => {
  it('migrates once, records the version, and does nothing the second time', async () => {
    expect(await migrate({ pool: db, schema: 'crm' })).toEqual({ applied: [1], version: 1 })
    expect(await migrate({ pool: db, schema: 'crm' })).toEqual({ applied: [], version: 1 })
    const { rows } = await db.query<{ version: number }>('SELECT version FROM crm.throughline_migrations')
    expect(rows).toEqual([{ version: 1 }])
  })

  it('rejects a schema name that is not a plain identifier', () => {
    expect(() => createPostgresStore({ pool: db, schema: 'x"; drop table y' })).toThrow(expect.objectContaining({ code: 'invalid_options' }))
  })

  it('reports a database error as store_failure with the cause', async () => {
    const store = createPostgresStore({ pool: db, schema: 'never_migrated' })
    const error = await store.countEvents().catch((e: unknown) => e)
    expect(ThroughlineError.is(error) && error.code).toBe('store_failure')
    expect((error as Error).cause).toBeDefined()
    const txError = await store.transaction((tx) => tx.putMeta('k', 1)).catch((e: unknown) => e)
    expect(ThroughlineError.is(txError) && txError.code).toBe('store_failure')
  })
})
