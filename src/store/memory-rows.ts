import { deepFreeze } from '../events/index.js'
import { parseShorthand, toShorthand } from './json-shorthand.js'
import type { StoredProfile } from './store.js'

/**
 * A stored profile as the memory store keeps it: evidence and snapshot as JSON text (shortened,
 * see `toShorthand`), which takes a fraction of the heap their object graphs would, and is parsed
 * on read into frozen objects, so a caller cannot change what is stored. Member ids are a
 * frozen array, shared.
 */
export interface ProfileRow {
  readonly id: string
  readonly eventIds: readonly string[]
  readonly evidence: string
  readonly snapshot: string
}

/**
 * The events holding one identifier key: one id alone (most keys), a short array, or a set once
 * a value is held widely (a shared phone may index thousands of events). In insertion order.
 */
export type Holders = string | readonly string[] | Set<string>

/** Holders beyond which an array becomes a set, so adding stays O(1) for widely shared values. */
export const SET_FROM = 16

/** The row kept for a profile: copies, so later changes to `profile` do not reach the store. */
export function toRow(profile: StoredProfile): ProfileRow {
  return { id: profile.id, eventIds: Object.freeze([...profile.eventIds]), evidence: toShorthand(profile.evidence), snapshot: toShorthand(profile.snapshot) }
}

/** A stored profile as parsed from its row (see `HotCache` for how reads share it). */
export function fromRow(row: ProfileRow): StoredProfile {
  // Evidence (an edge per member) and the snapshot are parsed on first use: a brief reads only
  // the member ids, lookups and the profile read only the snapshot.
  let evidence: StoredProfile['evidence'] | undefined
  let snapshot: { readonly value: unknown } | undefined
  return Object.freeze({
    id: row.id,
    eventIds: row.eventIds,
    get evidence() {
      evidence ??= deepFreeze(parseShorthand(row.evidence) as StoredProfile['evidence'])
      return evidence
    },
    get snapshot() {
      snapshot ??= { value: deepFreeze(parseShorthand(row.snapshot)) }
      return snapshot.value
    },
  })
}

/** The ids holding a key, as a new array. */
export function holderList(holders: Holders | undefined): string[] {
  if (holders === undefined) return []
  return typeof holders === 'string' ? [holders] : [...holders]
}

/**
 * The last `limit` values parsed from stored rows, deeply frozen so that readers can share them
 * without being able to change what is stored. An entry is served only while the row it came from
 * is still the stored one (rows are replaced, never changed, on write), so nothing is served stale.
 */
export class HotCache<Row, Value> {
  private readonly entries = new Map<string, { readonly row: Row; readonly value: Value }>()

  constructor(
    private readonly limit: number,
    private readonly parse: (row: Row) => Value,
  ) {}

  read(id: string, row: Row): Value {
    const cached = this.entries.get(id)
    this.entries.delete(id)
    const entry = cached !== undefined && cached.row === row ? cached : { row, value: deepFreeze(this.parse(row)) }
    // Map order is insertion order: re-inserting on every read keeps the oldest-read entry first.
    this.entries.set(id, entry)
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string)
    return entry.value
  }
}
