import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll } from 'vitest'
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/index.js'

/**
 * One PGlite database per test file, closed after it, with a fresh migrated store in a schema
 * of its own per call: starting PGlite takes seconds (initdb runs in WebAssembly).
 */
export function usePglite(prefix: string): { db: () => PGlite; freshStore: () => Promise<PostgresStore> } {
  let db: PGlite | undefined
  let schemas = 0
  beforeAll(async () => {
    db = await PGlite.create()
  }, 60_000)
  afterAll(async () => {
    await db?.close()
  })
  const open = () => {
    if (!db) throw new Error('PGlite is not started yet (call inside a test)')
    return db
  }
  return {
    db: open,
    async freshStore() {
      const store = createPostgresStore({ pool: open(), schema: `${prefix}_${++schemas}` })
      await store.migrate()
      return store
    },
  }
}
