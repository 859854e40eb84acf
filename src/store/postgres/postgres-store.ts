import { ThroughlineError } from '../../errors.js'
import type { Store, StoreWriter } from '../store.js'
import { type MigrateReport, migrate, quoteSchema } from './migrations.js'
import { type PgQueryable, type PostgresPool, toSession } from './pg-like.js'
import { inOrder, pipelineWrites } from './pipelined-writes.js'
import { createSqlReader } from './sql-reader.js'
import { createSqlWriter } from './sql-writer.js'

export interface PostgresStoreOptions {
  /** A node-postgres `Pool` or a PGlite instance; the store never closes it. */
  readonly pool: PostgresPool
  /** The PostgreSQL schema that holds throughline's tables. Default `throughline`. */
  readonly schema?: string
  /** Attempts of a transaction's work on a deadlock, serialization failure or lock conflict. Default 8. */
  readonly maxAttempts?: number
  /** Keys a transaction locks one by one before it switches to locking stripes. Default 256. */
  readonly keyLockLimit?: number
}

/** A {@link Store} on PostgreSQL, plus the schema upkeep it needs. */
export interface PostgresStore extends Store {
  readonly driver: 'postgres'
  readonly schema: string
  /** Creates or upgrades the tables; see {@link migrate}. */
  migrate(): Promise<MigrateReport>
}

/**
 * Deadlock, serialization failure, and unique violation: the writes insert rows they did not
 * find at the start of the statement (sql-writer.ts), so a row a concurrent transaction inserted
 * meanwhile fails the insert, and the retried work finds it.
 */
const RETRYABLE = new Set(['40P01', '40001', '23505'])

/** Thrown inside a transaction when a later `lock` call finds a key taken; the work is retried. */
class LockBusy extends Error {}

function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The PostgreSQL driver: one view shared by every service instance that points at the same
 * database. Call `migrate()` once at start (it is idempotent and safe to race).
 *
 * Locking: `lock(keys)` takes transaction-scoped advisory locks on a 64-bit hash of each key,
 * in one global order. The first call of a transaction waits; later calls only try, and when a
 * key is taken the work is rolled back and run again with every key it asked for locked up
 * front. So waits only ever happen in sorted order and two instances cannot deadlock on keys.
 * @throws ThroughlineError `store_failure` with the database error as `cause`
 * @example
 * const store = createPostgresStore({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) })
 * await store.migrate()
 * const engine = createEngine({ store })
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const schemaName = options.schema ?? 'throughline'
  const schema = quoteSchema(schemaName)
  const session = toSession(options.pool)
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8)
  const keyLockLimit = Math.max(1, options.keyLockLimit ?? 256)
  const reader = createSqlReader({ query: session.query }, schema)

  async function attempt<T>(work: (tx: StoreWriter) => Promise<T>, hint: Set<string>): Promise<T> {
    return session.transaction(async (client: PgQueryable) => {
      const ordered = inOrder(client)
      const held = new Set<string>()
      let striped = false
      const lock = async (keys: readonly string[]) => {
        const first = held.size === 0
        const wanted = first ? [...new Set([...hint, ...keys])] : keys.filter((key) => !held.has(key))
        if (wanted.length === 0) return
        for (const key of wanted) {
          held.add(key)
          hint.add(key)
        }
        // Past the limit, keys fold into STRIPES stripe locks: the shared lock table holds only
        // max_locks_per_transaction × max_connections entries (6,400 by default).
        striped ||= held.size > keyLockLimit
        const { rows } = await ordered.query(`SELECT ${schema}.lock_keys($1::text[], $2, $3) AS ok`, [wanted, first, striped])
        if ((rows[0] as { ok: boolean } | undefined)?.ok !== true) throw new LockBusy()
      }
      const { writer, settle } = pipelineWrites({ ...createSqlReader(ordered, schema), ...createSqlWriter(ordered, schema), lock })
      let result: T
      try {
        result = await work(writer)
      } catch (error) {
        // ROLLBACK must not overtake writes still in flight; the caller's own error wins.
        await settle().catch(() => undefined)
        throw error
      }
      await settle()
      return result
    })
  }

  async function transaction<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    const hint = new Set<string>()
    for (let n = 1; ; n++) {
      try {
        return await attempt(work, hint)
      } catch (error) {
        const retry = error instanceof LockBusy || RETRYABLE.has(pgCode(error) ?? '')
        if (retry && n < maxAttempts) {
          await sleep(Math.min(200, 2 ** n))
          continue
        }
        if (ThroughlineError.is(error)) throw error
        if (!retry && pgCode(error) === undefined) throw error
        const what = error instanceof LockBusy ? 'locks stayed taken' : String((error as Error).message)
        throw new ThroughlineError('store_failure', 'postgres', `transaction failed after ${n} attempt(s): ${what}`, { cause: error })
      }
    }
  }

  return {
    driver: 'postgres',
    schema: schemaName,
    ...wrapReads(reader),
    transaction,
    migrate: () => migrate({ pool: options.pool, schema: schemaName }),
    async close() {
      // The caller owns the pool (it may serve other stores); nothing of ours stays open.
    },
  }
}

/** Reports database errors from reads as `store_failure`, keeping the original as `cause`. */
function wrapReads<R extends object>(reader: R): R {
  const wrapped: Record<string, unknown> = {}
  for (const [name, fn] of Object.entries(reader)) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>)(...args)
      } catch (error) {
        if (ThroughlineError.is(error)) throw error
        throw new ThroughlineError('store_failure', 'postgres', `${name} failed: ${String((error as Error)?.message ?? error)}`, { cause: error })
      }
    }
  }
  return wrapped as R
}
