import { type BriefOptions, type BriefState, buildBriefWith, createBriefState, type HandoffBrief } from '../cases/index.js'
import { compareEvents, type CustomerEvent } from '../events/index.js'
import type { StoredProfile, StoreReader } from '../store/index.js'

/** One profile's brief state under one set of case options, and the stored events it folded. */
interface Entry {
  readonly state: BriefState
  /** The folded event of each id: what a later read is checked against. */
  readonly known: Map<string, CustomerEvent>
  /** The store's member version before the folded events were read (`undefined`: check them all next time). */
  version: number | undefined
  /** The member ids last seen: the same array again (a store may share it) means no event joined. */
  eventIds: readonly string[]
}

/** Profiles whose brief state an engine keeps; the least recently briefed one goes first. */
const MAX_PROFILES = 64

/**
 * The engine's memory of briefs between calls, so an agent screen that reopens a brief while
 * events arrive pays for the new events only. Owned by one engine instance. Each call asks the
 * store for the profile's member version first: while it is the one the folded events were read
 * at, those events still read the same, and only events that joined since are read (none when
 * the member ids are unchanged). Otherwise every event is read and checked against what was
 * folded: an event folded before is reused when the store hands back the same object or an equal
 * copy (a PostgreSQL row parses to a fresh object every time). New events later than all folded
 * are appended; anything else (a revised or erased event, an event earlier than the latest
 * folded, an undo) starts the profile's state again from its events.
 */
export function createBriefCache(store: StoreReader): { brief(record: StoredProfile, options: BriefOptions, optionsKey: string | undefined): Promise<HandoffBrief | undefined> } {
  const entries = new Map<string, Entry>()

  function rebuild(key: string, events: readonly CustomerEvent[], options: BriefOptions, record: StoredProfile, version: number | undefined): Entry {
    const ordered = [...events].sort(compareEvents)
    const entry: Entry = { state: createBriefState(options.context, ordered), known: new Map(ordered.map((e) => [e.id, e])), version, eventIds: record.eventIds }
    remember(key, entry)
    return entry
  }

  function remember(key: string, entry: Entry): void {
    entries.delete(key)
    entries.set(key, entry)
    if (entries.size > MAX_PROFILES) entries.delete(entries.keys().next().value as string)
  }

  /** Folds in events new to the entry (in any order); false, changing nothing, when appending cannot take them. */
  function append(entry: Entry, added: CustomerEvent[]): boolean {
    if (added.length === 0) return true
    added.sort(compareEvents)
    if (!entry.state.append(added)) return false
    for (const event of added) entry.known.set(event.id, event)
    return true
  }

  /**
   * The entry brought up to date while its member version is still the store's: only the events
   * that joined are read. `undefined` when that does not settle it (an id left, an event is missing).
   */
  async function catchUp(key: string, entry: Entry, record: StoredProfile, options: BriefOptions): Promise<Entry | undefined> {
    const ids = record.eventIds
    if (ids !== entry.eventIds) {
      const joined = joinedIds(entry.eventIds, ids, entry.known)
      if (joined === undefined) return undefined
      const added = joined.length === 0 ? [] : await store.getEvents(joined)
      if (added.length !== joined.length) return undefined
      if (!append(entry, added)) return rebuild(key, [...entry.state.events, ...added], options, record, entry.version)
      entry.eventIds = ids
    }
    remember(key, entry)
    return entry
  }

  /** The entry checked against every stored event of the profile; `undefined` when none is stored. */
  async function readAll(key: string, cached: Entry | undefined, record: StoredProfile, options: BriefOptions, version: number | undefined): Promise<Entry | undefined> {
    const stored = await store.getEvents(record.eventIds)
    if (stored.length === 0) return undefined
    if (!cached) return rebuild(key, stored, options, record, version)
    const { known } = cached
    const added: CustomerEvent[] = []
    let matched = 0
    for (let i = 0; i < stored.length; i++) {
      const event = stored[i] as CustomerEvent
      const folded = known.get(event.id)
      if (folded === undefined) added.push(event)
      else if (folded === event || sameEvent(folded, event)) matched++
      // A stored event changed: the fold cannot take that back.
      else return rebuild(key, stored, options, record, version)
    }
    // An event left the profile, or the new ones do not come after the folded ones.
    if (matched !== known.size || !append(cached, added)) return rebuild(key, stored, options, record, version)
    cached.version = version
    cached.eventIds = record.eventIds
    remember(key, cached)
    return cached
  }

  return {
    async brief(record, options, optionsKey) {
      if (record.eventIds.length === 0) return undefined
      // Options that cannot be told apart by their JSON get a build of their own.
      if (optionsKey === undefined) {
        const stored = await store.getEvents(record.eventIds)
        return stored.length === 0 ? undefined : buildBriefWith(stored, options)
      }
      const key = `${record.id}\u0000${optionsKey}`
      // Read before the events: a write racing the reads then shows as a new version next time.
      const version = (await store.memberVersions([record.id])).get(record.id)
      const cached = entries.get(key)
      const entry =
        (cached !== undefined && version !== undefined && cached.version === version ? await catchUp(key, cached, record, options) : undefined) ??
        (await readAll(key, cached, record, options, version))
      if (!entry) return undefined
      const asOf = options.context.asOf
      const latest = entry.state.events.at(-1)
      // Events after asOf (a look at the past, clock skew) are left out: a one-off build then.
      if (latest && latest.occurredAt > asOf.toISOString()) return buildBriefWith(entry.state.events, options)
      return entry.state.brief(asOf, options.profile, options.maxCases)
    },
  }
}

/**
 * The ids in `next` that are not in `previous`, whose events `known` holds. Both are sorted and,
 * while the store's member version holds, `previous` is part of `next` (no event left): the
 * lists then agree up to each joined id, found by binary search, O(joined x log members) string
 * compares instead of one per member. `undefined` when the lists are not like that.
 */
export function joinedIds(previous: readonly string[], next: readonly string[], known: ReadonlyMap<string, unknown>): string[] | undefined {
  const count = next.length - previous.length
  if (previous.length !== known.size || count < 0) return undefined
  const joined: string[] = []
  let i = 0
  let j = 0
  while (joined.length < count) {
    let lo = 0
    let hi = previous.length - i
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (next[j + mid] === previous[i + mid]) lo = mid + 1
      else hi = mid
    }
    i += lo
    j += lo
    const id = next[j]
    if (id === undefined || known.has(id) || (i < previous.length && (previous[i] as string) < id)) return undefined
    joined.push(id)
    j++
  }
  return joined
}

/** Whether two stored versions of one event say the same: JSON values compared deeply. */
export function sameEvent(a: CustomerEvent, b: CustomerEvent): boolean {
  return a.revision === b.revision && sameJson(a, b)
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  let count = 0
  for (const k in x) {
    if (x[k] === undefined) continue
    count++
    if (!sameJson(x[k], y[k])) return false
  }
  for (const k in y) if (y[k] !== undefined) count--
  return count === 0
}
