import { ThroughlineError } from '../../errors.js'
import { type PostgresPool, toSession } from './pg-like.js'

/** One schema change. Versions only grow; a released migration is never edited, only followed by another. */
export interface Migration {
  readonly version: number
  readonly name: string
  /**
   * SQL with `{schema}` standing for the quoted schema name. Statements are run one by one
   * (PGlite's `query` takes one at a time); each new statement starts a line with `CREATE`, `ALTER` or `--`.
   */
  readonly up: string
}

/**
 * The advisory-lock class (first of the two-int form) of the lock stripes; key locks use the
 * bigint form, which PostgreSQL keeps in a separate space, so the two never collide.
 */
export const STRIPE_LOCK_CLASS = 0x7468 // "th"
/** Stripes a transaction locks instead of single keys once it holds many keys (see docs/postgres.md). */
export const STRIPES = 1024

/**
 * The migrations this version of throughline needs, in order.
 * @example MIGRATIONS.at(-1)?.version // the schema version `migrate()` brings a database to
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'event log, projections and change feed',
    up: `
-- Ids and keys compare bytewise, like JavaScript strings, whatever the database collation.
CREATE TABLE {schema}.events (
  id text COLLATE "C" PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  revision integer NOT NULL,
  -- json, not jsonb: jsonb reorders keys, and redelivered events are compared by their text.
  body json NOT NULL
);
CREATE TABLE {schema}.event_keys (
  key text COLLATE "C" NOT NULL,
  event_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (key, event_id)
);
CREATE INDEX event_keys_event_id ON {schema}.event_keys (event_id);
CREATE TABLE {schema}.profiles (
  id text COLLATE "C" PRIMARY KEY,
  event_ids text[] NOT NULL,
  evidence jsonb NOT NULL,
  snapshot jsonb
);
CREATE TABLE {schema}.profile_members (
  event_id text COLLATE "C" PRIMARY KEY,
  profile_id text COLLATE "C" NOT NULL
);
CREATE INDEX profile_members_profile_id ON {schema}.profile_members (profile_id);
CREATE TABLE {schema}.links (
  id text COLLATE "C" PRIMARY KEY,
  a text COLLATE "C" NOT NULL,
  b text COLLATE "C" NOT NULL,
  body jsonb NOT NULL
);
CREATE INDEX links_a ON {schema}.links (a);
CREATE INDEX links_b ON {schema}.links (b);
CREATE TABLE {schema}.changes (
  seq bigserial PRIMARY KEY,
  profile_id text COLLATE "C" NOT NULL,
  op text NOT NULL,
  patch jsonb NOT NULL,
  cause text NOT NULL,
  at text NOT NULL,
  merged_into text COLLATE "C",
  split_from text COLLATE "C",
  redacted boolean NOT NULL DEFAULT false
);
CREATE INDEX changes_profile_id ON {schema}.changes (profile_id, seq);
CREATE TABLE {schema}.suppressions (
  hash text COLLATE "C" PRIMARY KEY,
  erasure_id text NOT NULL,
  created_at text NOT NULL
);
CREATE TABLE {schema}.meta (
  key text COLLATE "C" PRIMARY KEY,
  value jsonb NOT NULL
);
-- Locks keys in one global order (stripe, then key hash) so that two callers never deadlock
-- on a single call; with wait = false it gives up (returns false) instead of waiting.
CREATE FUNCTION {schema}.lock_keys(keys text[], wait boolean, striped boolean) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    WITH hashed AS (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(keys) AS k)
    SELECT s, h FROM (
      SELECT (h & ${STRIPES - 1})::int AS s, NULL::bigint AS h FROM hashed GROUP BY 1
      UNION ALL
      SELECT (h & ${STRIPES - 1})::int, h FROM hashed WHERE NOT striped
    ) l
    ORDER BY s, h NULLS FIRST
  LOOP
    IF r.h IS NOT NULL THEN
      IF wait THEN PERFORM pg_advisory_xact_lock(r.h);
      ELSIF NOT pg_try_advisory_xact_lock(r.h) THEN RETURN false;
      END IF;
    ELSIF striped THEN
      IF wait THEN PERFORM pg_advisory_xact_lock(${STRIPE_LOCK_CLASS}, r.s);
      ELSIF NOT pg_try_advisory_xact_lock(${STRIPE_LOCK_CLASS}, r.s) THEN RETURN false;
      END IF;
    ELSE
      IF wait THEN PERFORM pg_advisory_xact_lock_shared(${STRIPE_LOCK_CLASS}, r.s);
      ELSIF NOT pg_try_advisory_xact_lock_shared(${STRIPE_LOCK_CLASS}, r.s) THEN RETURN false;
      END IF;
    END IF;
  END LOOP;
  RETURN true;
END
$$;
`,
  },
  {
    version: 2,
    name: 'documents kept as json text',
    // json stores the text it is given after one validating parse; jsonb parses into a tree and
    // measured twice the server CPU per document, for columns that are only ever read whole.
    up: `
ALTER TABLE {schema}.profiles ALTER COLUMN evidence TYPE json, ALTER COLUMN snapshot TYPE json;
ALTER TABLE {schema}.changes ALTER COLUMN patch TYPE json;
`,
  },
  {
    version: 3,
    name: 'member versions of profiles',
    // See StoreReader.memberVersions: a new profile row takes a fresh number, and the writes that
    // change what its members read take another (sql-writer.ts).
    up: `
CREATE SEQUENCE {schema}.member_versions;
ALTER TABLE {schema}.profiles ADD COLUMN member_version bigint NOT NULL DEFAULT nextval('{schema}.member_versions');
`,
  },
  {
    version: 4,
    name: 'documents kept as text',
    // Documents are only ever written and read whole, as the JSON text the store made them from;
    // json validated each one on the way in, about a third of the server CPU of a plain insert.
    up: `
ALTER TABLE {schema}.events ALTER COLUMN body TYPE text;
ALTER TABLE {schema}.profiles ALTER COLUMN evidence TYPE text, ALTER COLUMN snapshot TYPE text;
ALTER TABLE {schema}.changes ALTER COLUMN patch TYPE text;
`,
  },
]

/** What {@link migrate} did. */
export interface MigrateReport {
  /** Versions applied by this call, in order; empty when the schema was already current. */
  readonly applied: readonly number[]
  /** The schema version after the call. */
  readonly version: number
}

export interface MigrateOptions {
  readonly pool: PostgresPool
  /** The PostgreSQL schema that holds throughline's tables. Default `throughline`. */
  readonly schema?: string
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * Checks a schema name and returns it quoted for SQL text.
 * @throws ThroughlineError `invalid_options` when the name is not a plain lower-case identifier
 */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new ThroughlineError('invalid_options', 'postgres', `schema must match ${SCHEMA_NAME}, got "${schema}"`, {
      issues: [{ code: 'invalid_options', path: ['schema'], message: 'not a plain lower-case identifier' }],
    })
  }
  return `"${schema}"`
}

/**
 * Brings the schema up to date: creates it and `throughline_migrations` when missing, then
 * applies the migrations not yet recorded there, all in one transaction. Safe to call on every
 * start and from several processes at once: an advisory lock on the schema name makes
 * concurrent callers wait, and the later ones find nothing left to do.
 * @throws ThroughlineError `store_failure` with the database error as `cause`
 * @example await migrate({ pool: new pg.Pool({ connectionString }) })
 */
export async function migrate(options: MigrateOptions): Promise<MigrateReport> {
  const schemaName = options.schema ?? 'throughline'
  const schema = quoteSchema(schemaName)
  try {
    return await toSession(options.pool).transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`throughline:migrate:${schemaName}`])
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
      await tx.query(
        `CREATE TABLE IF NOT EXISTS ${schema}.throughline_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      )
      const { rows } = await tx.query(`SELECT version FROM ${schema}.throughline_migrations`)
      const done = new Set(rows.map((row: { version: number }) => Number(row.version)))
      const applied: number[] = []
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue
        for (const statement of migrationStatements(migration, schema)) await tx.query(statement)
        await tx.query(`INSERT INTO ${schema}.throughline_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name])
        applied.push(migration.version)
      }
      return { applied, version: Math.max(0, ...done, ...applied) }
    })
  } catch (error) {
    if (ThroughlineError.is(error)) throw error
    throw new ThroughlineError('store_failure', 'postgres', `migrating schema ${schema} failed: ${String((error as Error)?.message ?? error)}`, {
      cause: error,
    })
  }
}

/**
 * A migration's statements for one quoted schema, in order: its text split where a statement
 * ends and the next line opens a new one (`CREATE`, `ALTER`, `--`).
 * @example migrationStatements(MIGRATIONS[0], '"throughline"')
 */
export function migrationStatements(migration: Migration, schema: string): string[] {
  return migration.up
    .replaceAll('{schema}', schema)
    .split(/;\n(?=CREATE |ALTER |-- )/)
    .map((statement) => statement.trim().replace(/;$/, ''))
    .filter((statement) => statement.length > 0)
}
