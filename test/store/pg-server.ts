import pg from 'pg'

/** The server the real-PostgreSQL suites run against; start one with `source .ci/pg-start.sh`. */
export const PG_URL = process.env.THROUGHLINE_PG_URL
export const SKIP_MESSAGE = 'THROUGHLINE_PG_URL is not set: skipping real PostgreSQL tests (run `source .ci/pg-start.sh` first)'

if (!PG_URL) console.warn(`[throughline] ${SKIP_MESSAGE}`)

/** A pool on the test server; the caller ends it. */
export function testPool(max = 4): pg.Pool {
  return new pg.Pool({ connectionString: PG_URL, max })
}

/** A schema name unique to this run and purpose, so parallel files and reruns never collide. */
export function testSchema(purpose: string): string {
  return `t_${purpose}_${process.pid}_${Date.now().toString(36)}`.toLowerCase()
}

export async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
}
