// Records every store call of each transaction a store runs, so a bench can replay the exact
// writes an ingest made into another driver (bench/postgres.ts, bench/postgres-ab.ts).
import { createEngine, type CustomerEvent, safeAdapt } from '../src/index.js'
import { createMemoryStore, type Store, type StoreWriter } from '../src/store/index.js'
import { BENCH_CONTEXT } from './generate.js'
import { BENCH_CLOCK } from './ingest.js'
import { readBatches } from './lib.js'

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

/**
 * Ingests the first `lines` lines of `file` (adapted, in batches of 5,000) into a memory store
 * while recording every transaction's store calls: the workload the PostgreSQL benches replay.
 */
export async function recordIngest(file: string, lines: number): Promise<{ transactions: StoreCall[][]; memory: Store; lines: number }> {
  const transactions: StoreCall[][] = []
  const memory = createMemoryStore()
  const engine = createEngine({ context: BENCH_CONTEXT, clock: BENCH_CLOCK, store: recordingStore(memory, transactions) })
  let read = 0
  for await (const chunk of readBatches(file, 5000)) {
    const events: CustomerEvent[] = []
    const inputs = chunk.slice(0, lines - read) as { format: string; payload: unknown }[]
    for (const input of inputs) {
      const adapted = safeAdapt(input.format, input.payload, engine.context)
      const result = adapted instanceof Promise ? await adapted : adapted
      if (result.success) events.push(...(result.events as CustomerEvent[]))
    }
    read += inputs.length
    await engine.ingest(events, { batchSize: 5000 })
    if (read >= lines) break
  }
  return { transactions, memory, lines: read }
}
