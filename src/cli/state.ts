import { ThroughlineError } from '../errors.js'
import { createMemoryStore, loadSnapshot, type MemoryStore, saveSnapshot, type Store } from '../store/index.js'
import type { PostgresPool } from '../store/postgres/index.js'
import { CliError } from './command-io.js'

/** Where state lives between invocations: a memory-store snapshot file, or PostgreSQL. */
export type StateOptions = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'pg'; readonly url: string }

export const DEFAULT_STATE_FILE = './throughline-state.json'

/** A store opened for one command; `save` persists a mutating command's work, `close` releases it. */
export interface OpenedState {
  readonly store: Store
  /** For messages: the file path or the database URL without its password. */
  readonly label: string
  save(): Promise<void>
  close(): Promise<void>
}

export interface OpenStateOptions {
  /** Whether a missing state file is fine (an ingest starts it) or means nothing was ingested yet. */
  readonly create: boolean
}

/**
 * Reads `--state FILE` and `--pg URL` into one choice; neither means the default file.
 * @throws CliError 2 when both are given
 * @example stateOptionsFrom({ pg: 'postgres://localhost/crm' }) // { kind: 'pg', url: 'postgres://localhost/crm' }
 */
export function stateOptionsFrom(values: { readonly state?: string | undefined; readonly pg?: string | undefined }): StateOptions {
  if (values.state !== undefined && values.pg !== undefined) throw new CliError(2, 'give --state FILE or --pg URL, not both', { showUsage: true })
  if (values.pg !== undefined) return { kind: 'pg', url: values.pg }
  return { kind: 'file', path: values.state ?? DEFAULT_STATE_FILE }
}

/**
 * Opens the store a command works on. A state file is loaded whole into a memory store and
 * written back by `save` (through a temporary file, so a crash keeps the old one). PostgreSQL
 * is reached through a node-postgres `Pool` imported only here, so the CLI runs without `pg`
 * installed until `--pg` is used, and the schema is migrated before anything is read.
 * @throws CliError 2 for a state file that is not a snapshot, 1 for a missing file on a read, a missing `pg` or an unreachable database
 * @example const state = await openState({ kind: 'file', path: 'state.json' }, { create: true })
 */
export async function openState(options: StateOptions, { create }: OpenStateOptions): Promise<OpenedState> {
  return options.kind === 'file' ? openFile(options.path, create) : openPostgres(options.url)
}

async function openFile(path: string, create: boolean): Promise<OpenedState> {
  let store: MemoryStore
  try {
    const snapshot = await loadSnapshot(path)
    if (snapshot === undefined && !create) {
      throw new CliError(1, `no state at ${path}: run "throughline ingest" first, or point --state FILE or --pg URL at existing state`)
    }
    store = createMemoryStore({ snapshot })
  } catch (error) {
    if (error instanceof CliError) throw error
    if (ThroughlineError.is(error)) {
      const where = error.path.length > 0 ? ` at ${error.path.join('.')}` : ''
      const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
      throw new CliError(2, `${path} is not a throughline state file${where} (${plain(error.message)}${cause})`, { cause: error })
    }
    throw error
  }
  return { store, label: path, save: () => saveSnapshot(store, path), close: () => store.close() }
}

interface PgModule {
  Pool: new (config: { connectionString: string }) => PostgresPool & { end(): Promise<void> }
}

async function openPostgres(url: string): Promise<OpenedState> {
  const label = redact(url)
  let pg: PgModule
  try {
    // `pg` is CommonJS: its classes sit on the default export.
    const loaded = (await import('pg')) as unknown as { default?: PgModule } & Partial<PgModule>
    pg = loaded.default ?? (loaded as PgModule)
  } catch (error) {
    throw new CliError(1, '--pg needs the "pg" package, an optional peer dependency: npm install pg', { cause: error })
  }
  const { createPostgresStore } = await import('../store/postgres/index.js')
  const pool = new pg.Pool({ connectionString: url })
  const store = createPostgresStore({ pool })
  try {
    await store.migrate()
  } catch (error) {
    await pool.end().catch(() => undefined)
    const cause = ThroughlineError.is(error) && error.cause instanceof Error ? error.cause.message : (error as Error).message
    throw new CliError(1, `cannot prepare PostgreSQL at ${label}: ${cause}`, { cause: error })
  }
  return { store, label, save: async () => undefined, close: () => pool.end() }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the given --pg URL'
  }
}

/** A throughline message without its `[throughline] [component]` prefix. */
export function plain(message: string): string {
  return message.replace(/^\[throughline\] \[[^\]]+\] /u, '')
}
