const ABSENT: unique symbol = Symbol('absent')
const CALL: unique symbol = Symbol('call')
const SET_HAD: unique symbol = Symbol('set had member')
const SET_LACKED: unique symbol = Symbol('set lacked member')

/**
 * How to undo a transaction of the memory store, step by step. Steps are kept flat, three slots
 * each, rather than as one closure per write: a large ingest writes hundreds of thousands of index
 * entries, and closures kept alive until commit were a noticeable share of garbage collection.
 */
export class UndoLog {
  private readonly steps: unknown[] = []

  /** Remembers the entry `key` of `map` as it is now (or that there was none), before it changes. */
  mapEntry<K, V>(map: Map<K, V>, key: K): void {
    this.steps.push(map, key, map.has(key) ? map.get(key) : ABSENT)
  }

  /** Remembers whether `set` holds `member` now, before it changes. */
  setMember<T>(set: Set<T>, member: T): void {
    this.steps.push(set, member, set.has(member) ? SET_HAD : SET_LACKED)
  }

  /** A step of any other kind. */
  call(step: () => void): void {
    this.steps.push(step, CALL, undefined)
  }

  /** Undoes every step, latest first. */
  rollback(): void {
    const steps = this.steps
    for (let i = steps.length - 3; i >= 0; i -= 3) {
      const target = steps[i]
      const key = steps[i + 1]
      const before = steps[i + 2]
      if (key === CALL) (target as () => void)()
      else if (before === SET_HAD) (target as Set<unknown>).add(key)
      else if (before === SET_LACKED) (target as Set<unknown>).delete(key)
      else if (before === ABSENT) (target as Map<unknown, unknown>).delete(key)
      else (target as Map<unknown, unknown>).set(key, before)
    }
    steps.length = 0
  }
}
