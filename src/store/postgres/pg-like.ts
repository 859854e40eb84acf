/**
 * The few methods throughline calls on a connection, described structurally so that the
 * driver never imports `pg` (an optional peer dependency) and so that node-postgres and PGlite
 * both fit without an adapter package.
 */

/** Anything that runs one parameterized statement: a node-postgres `Pool`, `PoolClient`, PGlite or its transaction. */
export interface PgQueryable {
  query(text: string, values?: any[]): Promise<{ rows: any[] }>
}

/** A node-postgres `PoolClient`: one connection, handed back with `release`. */
export interface PgClientLike extends PgQueryable {
  /** Passing an error tells the pool to discard the connection instead of reusing it. */
  release(error?: Error | boolean): void
}

/** A node-postgres `Pool` (or anything with `connect()` returning a {@link PgClientLike}). */
export interface PgPoolLike extends PgQueryable {
  connect(): Promise<PgClientLike>
}

/** An embedded PGlite database: a single connection that runs transactions itself. */
export interface PGliteLike extends PgQueryable {
  transaction<T>(callback: (tx: PgQueryable) => Promise<T>): Promise<T>
}

/** What `createPostgresStore` accepts as `pool`. */
export type PostgresPool = PgPoolLike | PGliteLike

/** One connection's view for the length of `run`: statements, and the transaction it is in. */
export interface Session {
  /** Reads outside a transaction, on any connection. */
  readonly query: PgQueryable['query']
  /** Runs `work` between BEGIN and COMMIT on one connection; ROLLBACK when it throws. */
  transaction<T>(work: (tx: PgQueryable) => Promise<T>): Promise<T>
}

/**
 * Adapts a pool to a {@link Session}: node-postgres by checking out one client per
 * transaction, PGlite through its own `transaction`.
 * @example const session = toSession(new pg.Pool({ connectionString }))
 */
export function toSession(pool: PostgresPool): Session {
  const query = pool.query.bind(pool)
  if ('connect' in pool && typeof pool.connect === 'function') {
    const connect = pool.connect.bind(pool)
    return {
      query,
      async transaction(work) {
        const client = await connect()
        let broken: Error | undefined
        try {
          await client.query('BEGIN')
          try {
            const result = await work(client)
            await client.query('COMMIT')
            return result
          } catch (error) {
            try {
              await client.query('ROLLBACK')
            } catch (rollbackError) {
              // The connection is gone (killed backend, network); the pool must not hand it out again.
              broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))
            }
            throw error
          }
        } finally {
          client.release(broken ?? false)
        }
      },
    }
  }
  const lite = pool as PGliteLike
  return { query, transaction: (work) => lite.transaction((tx) => work(tx)) }
}
