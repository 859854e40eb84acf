import { parseShorthand, toShorthand } from './json-shorthand.js'
import type { StoredProfile } from './store.js'

/**
 * A stored profile as the memory store keeps it: evidence and snapshot as JSON text (shortened,
 * see `toShorthand`), which takes a fraction of the heap their object graphs would, and is parsed
 * into fresh objects on every read, so a caller cannot change what is stored. Member ids are a
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

/** A stored profile as callers get it: evidence and snapshot parsed afresh. */
export function fromRow(row: ProfileRow): StoredProfile {
  return { id: row.id, eventIds: row.eventIds, evidence: parseShorthand(row.evidence) as StoredProfile['evidence'], snapshot: parseShorthand(row.snapshot) }
}

/** The ids holding a key, as a new array. */
export function holderList(holders: Holders | undefined): string[] {
  if (holders === undefined) return []
  return typeof holders === 'string' ? [holders] : [...holders]
}
