import { type BriefOptions, type BriefState, buildBriefWith, createBriefState, type HandoffBrief } from '../cases/index.js'
import { compareEvents, type CustomerEvent } from '../events/index.js'
import type { StoredProfile, StoreReader } from '../store/index.js'

/** One profile's brief state under one set of case options, and the stored events it folded. */
interface Entry {
  readonly state: BriefState
  /** The folded event of each id: what a later read is checked against. */
  readonly known: Map<string, CustomerEvent>
}

/** Profiles whose brief state an engine keeps; the least recently briefed one goes first. */
const MAX_PROFILES = 64

/**
 * The engine's memory of briefs between calls, so an agent screen that reopens a brief while
 * events arrive pays for the new events only. Owned by one engine instance. Every call still reads
 * the profile's events from the store and checks them against what was folded: an event folded
 * before is reused when the store hands back the same object or an equal copy (a PostgreSQL row
 * parses to a fresh object every time), new events later than all folded are appended, and
 * anything else (a revised or erased event, an event earlier than the latest folded, an undo)
 * starts the profile's state again from its events.
 */
export function createBriefCache(store: StoreReader): { brief(record: StoredProfile, options: BriefOptions, optionsKey: string | undefined): Promise<HandoffBrief | undefined> } {
  const entries = new Map<string, Entry>()

  function rebuild(key: string, events: readonly CustomerEvent[], options: BriefOptions): Entry {
    const ordered = [...events].sort(compareEvents)
    const entry: Entry = { state: createBriefState(options.context, ordered), known: new Map(ordered.map((e) => [e.id, e])) }
    remember(key, entry)
    return entry
  }

  function remember(key: string, entry: Entry): void {
    entries.delete(key)
    entries.set(key, entry)
    if (entries.size > MAX_PROFILES) entries.delete(entries.keys().next().value as string)
  }

  return {
    async brief(record, options, optionsKey) {
      const stored = await store.getEvents(record.eventIds)
      if (stored.length === 0) return undefined
      // Options that cannot be told apart by their JSON get a build of their own.
      if (optionsKey === undefined) return buildBriefWith(stored, options)
      const key = `${record.id}\u0000${optionsKey}`
      let entry = entries.get(key)
      if (entry) {
        const { known } = entry
        const added: CustomerEvent[] = []
        let matched = 0
        let changed = false
        for (let i = 0; i < stored.length; i++) {
          const event = stored[i] as CustomerEvent
          const folded = known.get(event.id)
          if (folded === undefined) added.push(event)
          else if (folded === event || sameEvent(folded, event)) matched++
          else {
            changed = true
            break
          }
        }
        // A stored event changed or left the profile: the fold cannot take that back.
        if (changed || matched !== known.size) entry = rebuild(key, stored, options)
        else if (added.length > 0) {
          added.sort(compareEvents)
          if (entry.state.append(added)) {
            for (const event of added) known.set(event.id, event)
            remember(key, entry)
          } else entry = rebuild(key, stored, options)
        } else remember(key, entry)
      } else entry = rebuild(key, stored, options)
      const asOf = options.context.asOf
      const latest = entry.state.events.at(-1)
      // Events after asOf (a look at the past, clock skew) are left out: a one-off build then.
      if (latest && latest.occurredAt > asOf.toISOString()) return buildBriefWith(entry.state.events, options)
      return entry.state.brief(asOf, options.profile, options.maxCases)
    },
  }
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
