export { type Migration, MIGRATIONS, type MigrateOptions, type MigrateReport, migrate } from './migrations.js'
export type { PgClientLike, PGliteLike, PgPoolLike, PgQueryable, PostgresPool } from './pg-like.js'
export { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres-store.js'
