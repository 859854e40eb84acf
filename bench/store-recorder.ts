// Records every store call of each transaction a store runs, so a bench can replay the exact
// writes an ingest made into another driver (bench/postgres.ts, bench/postgres-ab.ts).
import type { Store, StoreWriter } from '../src/store/index.js'

export interface StoreCall {
  readonly method: keyof StoreWriter
  readonly args: unknown[]
}

/** A store that behaves as `store` and appends each transaction's calls to `transactions`. */
export function recordingStore(store: Store, transactions: StoreCall[][]): Store {
  return Object.create(store, {
    transaction: {
      value: <T>(work: (tx: StoreWriter) => Promise<T>) =>
        store.transaction((tx) => {
          const calls: StoreCall[] = []
          transactions.push(calls)
          const proxy = new Proxy(tx, {
            get(target, name, receiver) {
              const value = Reflect.get(target, name, receiver)
              if (typeof value !== 'function') return value
              return (...args: unknown[]) => {
                calls.push({ method: name as keyof StoreWriter, args })
                return (value as (...a: unknown[]) => unknown).apply(target, args)
              }
            },
          })
          return work(proxy)
        }),
    },
  }) as Store
}

/** Replays recorded transactions into `store`, each in its own transaction; `only` filters the calls. */
export async function replayStoreCalls(store: Store, transactions: readonly StoreCall[][], only: (method: string) => boolean = () => true): Promise<void> {
  for (const calls of transactions) {
    await store.transaction(async (tx) => {
      for (const { method, args } of calls) {
        if (!only(method)) continue
        await (tx[method] as (...a: unknown[]) => Promise<unknown>)(...args)
      }
    })
  }
}

/** Store calls that write. */
export const isWriteCall = (method: string) => /^(put|delete|append|redact)/.test(method)
