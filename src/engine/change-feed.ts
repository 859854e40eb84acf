import type { ChangeRecord, Store, StoreWriter } from '../store/index.js'

/** Receives the change records of one committed transaction, in `seq` order. */
export type ChangeSubscriber = (records: readonly ChangeRecord[]) => void | Promise<void>

/** Where failures that must not break ingest are reported: a subscriber that threw, for now. */
export type ErrorReporter = (error: unknown, context: { readonly source: 'subscriber'; readonly records: readonly ChangeRecord[] }) => void

/** A store whose committed change records are also pushed to subscribers. */
export interface ChangeFeed<S extends Store = Store> {
  /** The observed store: use it for every transaction that may publish changes. */
  readonly store: S
  subscribe(callback: ChangeSubscriber): () => void
}

const warn: ErrorReporter = (error) => {
  process.emitWarning(`[throughline] [change-feed] a change subscriber failed: ${error instanceof Error ? error.message : String(error)}`)
}

/**
 * Wraps a store so that the change records each transaction appends are handed to subscribers
 * once, after the transaction commits; a rolled-back transaction publishes nothing. A subscriber
 * that throws (or rejects) is reported to `onError` and never fails the write that fed it.
 * @example
 * const feed = observeChanges(createMemoryStore(), (error) => log.error(error))
 * const stop = feed.subscribe((records) => mirror.apply(records))
 */
export function observeChanges<S extends Store>(inner: S, onError: ErrorReporter = warn): ChangeFeed<S> {
  const subscribers = new Set<ChangeSubscriber>()
  function publish(records: readonly ChangeRecord[]): void {
    if (records.length === 0) return
    for (const callback of [...subscribers]) {
      try {
        const result = callback(records)
        if (result instanceof Promise) result.catch((error: unknown) => report(error, records))
      } catch (error) {
        report(error, records)
      }
    }
  }
  function report(error: unknown, records: readonly ChangeRecord[]): void {
    try {
      onError(error, { source: 'subscriber', records })
    } catch {
      // The reporter itself failed; the write already committed and must still succeed.
    }
  }
  // Inheriting from the driver keeps its other methods (and `this`) working, whatever its shape.
  const store = Object.create(inner) as S
  Object.defineProperty(store, 'transaction', {
    value: async <T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> => {
      let appended: ChangeRecord[] = []
      const result = await inner.transaction(async (tx) => {
        // A driver may retry the work after a serialization conflict: only the last attempt counts.
        appended = []
        const observed = Object.create(tx) as StoreWriter
        Object.defineProperty(observed, 'appendChanges', {
          value: async (changes: Parameters<StoreWriter['appendChanges']>[0]) => {
            const records = await tx.appendChanges(changes)
            appended.push(...records)
            return records
          },
        })
        return work(observed)
      })
      publish([...appended].sort((a, b) => a.seq - b.seq))
      return result
    },
  })
  return {
    store,
    subscribe(callback) {
      subscribers.add(callback)
      return () => void subscribers.delete(callback)
    },
  }
}
