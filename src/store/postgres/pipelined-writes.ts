import type { StoreWriter } from '../store.js'
import type { PgQueryable } from './pg-like.js'

/**
 * Runs a connection's statements one at a time in call order, whoever calls and whether or
 * not they wait: node-postgres deprecates queueing on a busy client, and PGlite promises no order.
 * @example const ordered = inOrder(client); void ordered.query(insert); await ordered.query(select) // sees the insert
 */
export function inOrder(db: PgQueryable): PgQueryable {
  let tail: Promise<unknown> = Promise.resolve()
  return {
    query(text, values) {
      const run = tail.then(() => db.query(text, values))
      tail = run.catch(() => undefined)
      return run
    },
  }
}

/** Writes that return nothing: the caller has no reason to wait for them. */
const DEFERRABLE: ReadonlySet<string> = new Set([
  'putEvents',
  'deleteEvents',
  'putProfiles',
  'deleteProfiles',
  'putLinks',
  'deleteLinks',
  'putSuppressions',
  'deleteSuppressions',
  'putMeta',
])

/**
 * Lets a transaction's void writes run on the server while the caller goes on computing: the
 * engine stores a batch's events, then resolves identities and builds profiles for a while
 * before its next call, and the database can insert the events meanwhile. The writer's
 * statements must run in call order ({@link inOrder}), so that every later statement sees the
 * earlier writes; `settle()` before COMMIT waits for the last.
 *
 * A deferred write that fails aborts the database transaction, so every later statement fails
 * too; the first failure is what the next call, or `settle()` before COMMIT, throws. Nothing
 * is ever committed past a failed write, and retryable errors (deadlock, serialization) keep
 * their code for the retry loop.
 * @example const { writer, settle } = pipelineWrites(writer); await work(writer); await settle()
 */
export function pipelineWrites(writer: StoreWriter): { writer: StoreWriter; settle: () => Promise<void> } {
  let failure: { error: unknown } | undefined
  const inFlight = new Set<Promise<void>>()
  const throwFailure = () => {
    if (failure) throw failure.error
  }
  const wrapped: Record<string, unknown> = {}
  for (const [name, fn] of Object.entries(writer)) {
    const method = fn as (...args: unknown[]) => Promise<unknown>
    if (DEFERRABLE.has(name)) {
      wrapped[name] = (...args: unknown[]) => {
        throwFailure()
        const done: Promise<void> = method(...args).then(
          () => {
            inFlight.delete(done)
          },
          (error: unknown) => {
            inFlight.delete(done)
            failure ??= { error }
          },
        )
        inFlight.add(done)
        return Promise.resolve()
      }
    } else {
      wrapped[name] = async (...args: unknown[]) => {
        throwFailure()
        try {
          return await method(...args)
        } catch (error) {
          // Statements run in order, so an earlier deferred write has settled by now; its error is the cause.
          throwFailure()
          throw error
        }
      }
    }
  }
  return {
    writer: wrapped as unknown as StoreWriter,
    async settle() {
      while (inFlight.size > 0) await Promise.all([...inFlight])
      throwFailure()
    },
  }
}
