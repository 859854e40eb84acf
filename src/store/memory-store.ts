import { ThroughlineError, issuesFromZod } from '../errors.js'
import type { CustomerEvent } from '../events/index.js'
import { parseShorthand, toShorthand } from './json-shorthand.js'
import { memberVersionTracker } from './member-versions.js'
import { MemoryChangeLog } from './memory-change-log.js'
import { fromRow, type Holders, HotCache, holderList, type ProfileRow, SET_FROM, toRow } from './memory-rows.js'
import { type MemorySnapshot, MemorySnapshotSchema } from './memory-snapshot.js'
import { indexKeys } from './store.js'
import { UndoLog } from './undo-log.js'
import type { Link, Store, StoredProfile, StoreWriter, Suppression } from './store.js'

/** How many parsed events and profiles the store keeps for repeated reads (tens of MB at most). */
const HOT_EVENTS = 10_000
const HOT_PROFILES = 1_000

/**
 * The tables of the memory store: plain maps and the change log. Events are kept as JSON text
 * (shortened, see `toShorthand`): it takes a fraction of the heap of the object graph, an ingest
 * reads back only the few events its regions hold, and every read parses fresh objects that a
 * caller cannot use to change the log.
 */
interface Tables {
  events: Map<string, string>
  eventsByKey: Map<string, Holders>
  profiles: Map<string, ProfileRow>
  profileByEvent: Map<string, string>
  links: Map<string, Link>
  linksByEvent: Map<string, Set<string>>
  suppressions: Map<string, Suppression>
  changes: MemoryChangeLog
  meta: Map<string, unknown>
}

const keysOf = indexKeys

export interface MemoryStoreOptions {
  /** A snapshot to start from, as `snapshot()` or `loadSnapshot` returned it. */
  readonly snapshot?: MemorySnapshot | undefined
}

/** The memory store, which can also write its whole state as one JSON value. */
export interface MemoryStore extends Store {
  /**
   * A deep copy of everything stored, JSON-serialisable. Take it between transactions.
   * @throws ThroughlineError `store_failure` when a transaction is running, whose half-written state it would capture
   */
  snapshot(): MemorySnapshot
}

/**
 * The embedded default store: everything in process memory. Transactions run one at a time
 * and are undone entirely when their work throws.
 * @throws ThroughlineError `invalid_options` when `options.snapshot` is not a memory snapshot
 * @example
 * const engine = createEngine({ store: createMemoryStore() })
 * const again = createMemoryStore({ snapshot: store.snapshot() })
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const t: Tables = {
    events: new Map(),
    eventsByKey: new Map(),
    profiles: new Map(),
    profileByEvent: new Map(),
    links: new Map(),
    linksByEvent: new Map(),
    suppressions: new Map(),
    changes: new MemoryChangeLog(),
    meta: new Map(),
  }
  if (options.snapshot !== undefined) restore(t, options.snapshot)
  let queue: Promise<unknown> = Promise.resolve()
  let undo: UndoLog | undefined
  const members = memberVersionTracker((id) => t.profiles.has(id))

  /** Sets or deletes a map entry, remembering how to restore it if the transaction fails. */
  function write<K, V>(map: Map<K, V>, key: K, value: V | undefined): void {
    undo?.mapEntry(map, key)
    if (value === undefined) map.delete(key)
    else map.set(key, value)
  }
  function addToSet(index: Map<string, Set<string>>, key: string, member: string, add: boolean): void {
    let set = index.get(key)
    if (!set) {
      if (!add) return
      set = new Set()
      write(index, key, set)
    }
    if (set.has(member) === add) return
    // Sets change in place (a shared phone may index thousands of events); undo reverses the one step.
    undo?.setMember(set, member)
    if (add) set.add(member)
    else set.delete(member)
    if (set.size === 0) write(index, key, undefined)
  }
  /** Adds or removes one holder of an identifier key; arrays are replaced whole (they are short), sets change in place. */
  function holdKey(key: string, id: string, add: boolean): void {
    const held = t.eventsByKey.get(key)
    if (held === undefined || held instanceof Set) {
      if (held === undefined && add) write(t.eventsByKey, key, id)
      else if (held !== undefined) addToSet(t.eventsByKey as Map<string, Set<string>>, key, id, add)
      return
    }
    const list = typeof held === 'string' ? [held] : held
    if (list.includes(id) === add) return
    const next = add ? [...list, id] : list.filter((holder) => holder !== id)
    write(t.eventsByKey, key, next.length === 0 ? undefined : next.length === 1 ? next[0] : next.length >= SET_FROM ? new Set(next) : next)
  }

  /** Bumped when a transaction starts: what was read outside one holds until the next starts. */
  let generation = 0
  /** countProfilesByKeys answers of the generation `countedIn`. */
  const counted = new Map<string, Map<string, number>>()
  let countedIn = -1

  /** How many of these events each profile holds. Holders of one value mostly sit in one profile: counted in runs. */
  function countProfilesOf(eventIds: Iterable<string>): Map<string, number> {
    const counts = new Map<string, number>()
    const byEvent = t.profileByEvent
    let current: string | undefined
    let run = 0
    for (const id of eventIds) {
      const profileId = byEvent.get(id)
      if (profileId === current) {
        run++
        continue
      }
      if (current !== undefined) counts.set(current, (counts.get(current) ?? 0) + run)
      current = profileId
      run = 1
    }
    if (current !== undefined) counts.set(current, (counts.get(current) ?? 0) + run)
    return counts
  }

  // Events and profiles recently read, parsed once and frozen: an agent reopening a busy profile
  // (the brief, the timeline) gets the same objects back without parsing its history again.
  const hotEvents = new HotCache<string, CustomerEvent>(HOT_EVENTS, (text) => parseShorthand(text) as CustomerEvent)
  const hotProfiles = new HotCache<ProfileRow, StoredProfile>(HOT_PROFILES, fromRow)

  const reader = {
    async getEvents(ids: readonly string[]) {
      const found: CustomerEvent[] = []
      for (const id of ids) {
        const text = t.events.get(id)
        if (text !== undefined) found.push(hotEvents.read(id, text))
      }
      return found
    },
    async findEventIdsByKeys(keys: readonly string[]) {
      const found = new Map<string, string[]>()
      for (const key of keys) {
        const ids = t.eventsByKey.get(key)
        if (ids !== undefined) found.set(key, holderList(ids))
      }
      return found
    },
    async findProfileIds(eventIds: readonly string[]) {
      const found = new Map<string, string>()
      for (const id of eventIds) {
        const profileId = t.profileByEvent.get(id)
        if (profileId) found.set(id, profileId)
      }
      return found
    },
    async countProfilesByKeys(keys: readonly string[]) {
      const found = new Map<string, Map<string, number>>()
      // Remembered between transactions only: every write happens inside one, and each one
      // starts a new generation, so a remembered count is never served across a write.
      const remember = undo === undefined
      if (remember && countedIn !== generation) {
        counted.clear()
        countedIn = generation
      }
      for (const key of keys) {
        let counts = remember ? counted.get(key) : undefined
        if (counts === undefined) {
          const held = t.eventsByKey.get(key)
          counts = held === undefined ? new Map<string, number>() : countProfilesOf(typeof held === 'string' ? [held] : held)
          if (remember) {
            if (counted.size >= 256) counted.clear()
            counted.set(key, counts)
          }
        }
        // A copy: the caller may change what it is given.
        if (counts.size > 0) found.set(key, new Map(counts))
      }
      return found
    },
    async getProfiles(ids: readonly string[]) {
      const found: StoredProfile[] = []
      for (const id of ids) {
        const row = t.profiles.get(id)
        if (row) found.push(hotProfiles.read(row.id, row))
      }
      return found
    },
    async memberVersions(ids: readonly string[]) {
      const found = new Map<string, number>()
      for (const id of ids) if (t.profiles.has(id)) found.set(id, members.version(id))
      return found
    },
    async listProfiles(options: { after?: string; limit?: number } = {}) {
      const after = options.after ?? ''
      const ids = [...t.profiles.keys()].filter((id) => id > after).sort()
      return ids.slice(0, options.limit ?? ids.length).map((id) => hotProfiles.read(id, t.profiles.get(id) as ProfileRow))
    },
    async getLinks(eventIds: readonly string[]) {
      // Asked for every region on every ingest, and most stores hold few links: skip the per-event copies.
      if (t.links.size === 0) return []
      const ids = new Set<string>()
      for (const id of eventIds) for (const linkId of t.linksByEvent.get(id) ?? []) ids.add(linkId)
      return [...ids].sort().map((id) => t.links.get(id) as Link)
    },
    async getSuppressions(hashes: readonly string[]) {
      return hashes.map((h) => t.suppressions.get(h)).filter((s): s is Suppression => s !== undefined)
    },
    async getChanges(since: number, limit?: number) {
      return t.changes.read(since, limit)
    },
    async getMeta(key: string) {
      return t.meta.get(key)
    },
    async countEvents() {
      return t.events.size
    },
  }

  const writer: StoreWriter = {
    ...reader,
    async lock() {
      // Transactions already run one at a time in this process.
    },
    async putEvents(events) {
      for (const event of events) {
        const previous = t.events.get(event.id)
        members.changed(t.profileByEvent.get(event.id))
        if (previous !== undefined) for (const key of keysOf(parseShorthand(previous) as CustomerEvent)) holdKey(key, event.id, false)
        write(t.events, event.id, toShorthand(event))
        for (const key of keysOf(event)) holdKey(key, event.id, true)
      }
    },
    async deleteEvents(ids) {
      for (const id of ids) {
        const previous = t.events.get(id)
        if (previous === undefined) continue
        members.changed(t.profileByEvent.get(id))
        for (const key of keysOf(parseShorthand(previous) as CustomerEvent)) holdKey(key, id, false)
        write(t.events, id, undefined)
      }
    },
    async putProfiles(profiles) {
      for (const profile of profiles) {
        const previous = t.profiles.get(profile.id)
        // Only members that leave or arrive are written: a profile that gains one event writes one
        // index entry (and one undo step), not two for every member it already had.
        members.written(profile.id)
        if (previous) {
          const kept = new Set(profile.eventIds)
          for (const id of previous.eventIds) {
            if (kept.has(id)) continue
            members.changed(profile.id)
            if (t.profileByEvent.get(id) === profile.id) write(t.profileByEvent, id, undefined)
          }
        } else members.changed(profile.id)
        write(t.profiles, profile.id, toRow(profile))
        for (const id of profile.eventIds) {
          const holder = t.profileByEvent.get(id)
          if (holder === profile.id) continue
          // The event leaves the profile that held it.
          members.changed(holder)
          write(t.profileByEvent, id, profile.id)
        }
      }
    },
    async deleteProfiles(ids) {
      for (const id of ids) {
        const previous = t.profiles.get(id)
        if (!previous) continue
        members.changed(id)
        for (const eventId of previous.eventIds) {
          if (t.profileByEvent.get(eventId) === id) write(t.profileByEvent, eventId, undefined)
        }
        write(t.profiles, id, undefined)
      }
    },
    async putLinks(links) {
      for (const link of links) {
        write(t.links, link.id, link)
        addToSet(t.linksByEvent, link.a, link.id, true)
        addToSet(t.linksByEvent, link.b, link.id, true)
      }
    },
    async deleteLinks(ids) {
      for (const id of ids) {
        const link = t.links.get(id)
        if (!link) continue
        addToSet(t.linksByEvent, link.a, id, false)
        addToSet(t.linksByEvent, link.b, id, false)
        write(t.links, id, undefined)
      }
    },
    async appendChanges(changes) {
      const last = t.changes.lastSeq
      const records = changes.map((change, index) => ({ ...change, seq: last + index + 1 }))
      const length = t.changes.length
      undo?.call(() => t.changes.truncate(length))
      t.changes.append(records)
      return records
    },
    async redactChanges(profileIds) {
      const ids = new Set(profileIds)
      if (ids.size === 0) return 0
      const { count, undo: restore } = t.changes.rewrite((change) =>
        !ids.has(change.profileId) || (change.redacted && change.patch.length === 0) ? undefined : { ...change, patch: [], redacted: true },
      )
      undo?.call(restore)
      return count
    },
    async putSuppressions(suppressions) {
      for (const suppression of suppressions) write(t.suppressions, suppression.hash, suppression)
    },
    async deleteSuppressions(hashes) {
      for (const hash of hashes) write(t.suppressions, hash, undefined)
    },
    async putMeta(key, value) {
      write(t.meta, key, value)
    },
  }

  return {
    driver: 'memory',
    ...reader,
    transaction<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
      const run = queue.then(async () => {
        generation++
        undo = new UndoLog()
        try {
          const result = await work(writer)
          t.changes.seal()
          members.commit()
          return result
        } catch (error) {
          undo.rollback()
          members.rollBack()
          throw error
        } finally {
          undo = undefined
        }
      })
      // Not `run.catch(...)`, which would keep the last transaction's result alive until the next one.
      queue = run.then(
        () => undefined,
        () => undefined,
      )
      return run
    },
    async close() {},
    snapshot(): MemorySnapshot {
      if (undo) throw new ThroughlineError('store_failure', 'memory-store', 'cannot snapshot while a transaction is running')
      // Events, profiles and changes are parsed afresh from their text; the rest is copied.
      const copied = structuredClone({ links: [...t.links.values()], suppressions: [...t.suppressions.values()], meta: [...t.meta.entries()] })
      return {
        format: 'throughline.memory',
        version: 1,
        events: [...t.events.values()].map((text) => parseShorthand(text) as CustomerEvent),
        profiles: [...t.profiles.values()].map((row) => ({ ...fromRow(row), eventIds: [...row.eventIds] })),
        links: copied.links,
        suppressions: copied.suppressions,
        changes: t.changes.read(0),
        meta: copied.meta,
      } satisfies MemorySnapshot
    },
  }
}

/** Fills empty tables from a snapshot and rebuilds their indexes. */
function restore(t: Tables, snapshot: MemorySnapshot): void {
  const checked = MemorySnapshotSchema.safeParse(snapshot)
  if (!checked.success) {
    throw new ThroughlineError('invalid_options', 'memory-store', 'not a memory store snapshot', {
      issues: issuesFromZod('invalid_options', checked.error.issues, ['snapshot']),
    })
  }
  const copy = structuredClone(snapshot)
  const index = (map: Map<string, Set<string>>, key: string, member: string) => {
    const set = map.get(key) ?? new Set<string>()
    set.add(member)
    map.set(key, set)
  }
  for (const event of copy.events) {
    t.events.set(event.id, toShorthand(event))
    for (const key of keysOf(event)) {
      const held = holderList(t.eventsByKey.get(key))
      if (held.includes(event.id)) continue
      held.push(event.id)
      t.eventsByKey.set(key, held.length === 1 ? event.id : held.length >= SET_FROM ? new Set(held) : held)
    }
  }
  for (const profile of copy.profiles) {
    t.profiles.set(profile.id, toRow(profile))
    for (const id of profile.eventIds) t.profileByEvent.set(id, profile.id)
  }
  for (const link of copy.links) {
    t.links.set(link.id, link)
    index(t.linksByEvent, link.a, link.id)
    index(t.linksByEvent, link.b, link.id)
  }
  for (const suppression of copy.suppressions) t.suppressions.set(suppression.hash, suppression)
  t.changes.append(copy.changes)
  t.changes.seal()
  for (const [key, value] of copy.meta) t.meta.set(key, value)
}
