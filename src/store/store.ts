import type { CustomerEvent, IdentifierGrade } from '../events/index.js'

/** An edge the identity graph keeps between two events (the profile they belong to follows). */
export interface EvidenceEdge {
  readonly a: string
  readonly b: string
  /** `identifier`: both hold `key`; `about`: one names the other; `link`: a recorded decision; `match`: a probabilistic score. */
  readonly via: 'identifier' | 'about' | 'link' | 'match' | 'reference'
  readonly key?: string
  readonly score?: number
  readonly linkId?: string
  /** For `identifier` edges, the weaker grade of the two holdings (a stated value is weaker than a delivered one). */
  readonly grade?: IdentifierGrade
}

/** The projection of one person: its member events, the evidence that joined them, and the snapshot callers read. */
export interface StoredProfile {
  readonly id: string
  /** Member event ids, sorted. */
  readonly eventIds: readonly string[]
  /** A spanning forest of the evidence: enough to explain why every member belongs. */
  readonly evidence: readonly EvidenceEdge[]
  /** The profile document (JSON) as last published to the change feed. */
  readonly snapshot: unknown
}

/**
 * A recorded identity decision between two events: `same` (a manual link or an accepted
 * suggestion) or `different` (a rejected suggestion or an unmerge), which no evidence overrides.
 */
export interface Link {
  readonly id: string
  readonly kind: 'same' | 'different'
  readonly a: string
  readonly b: string
  readonly origin: 'manual' | 'review' | 'unmerge' | 'match' | 'reference'
  readonly score?: number
  readonly note?: string
  readonly createdAt: string
}

/**
 * One published change of one profile, as an RFC 6902 patch against its previous snapshot.
 * A consumer keeps a mirror by profile id: `create` applies `patch` to `{}`, `update` applies it
 * to the mirrored document, `delete` removes the document (its `patch` is empty). See docs/profiles.md.
 */
export interface ChangeRecord {
  readonly seq: number
  readonly profileId: string
  readonly op: 'create' | 'update' | 'delete'
  readonly patch: readonly unknown[]
  readonly cause: string
  readonly at: string
  /** On a `delete` by a merge: the profile that absorbed this one's events. */
  readonly mergedInto?: string
  /**
   * On a `create`: the existing profile most of whose events this one took. A split; or, when
   * that profile is deleted in the same transaction with `mergedInto` naming this one, a re-key
   * (an earlier event arrived late, and a profile's id is its earliest event's).
   */
  readonly splitFrom?: string
  /**
   * The patch was blanked by an erasure: skip it. A later `delete`, or an `update` replacing the
   * root (`path: ''`) with the whole document, follows for the same profile.
   */
  readonly redacted?: boolean
}

/** A person who asked to be forgotten, known only by salted hashes of their identifiers. */
export interface Suppression {
  readonly hash: string
  readonly createdAt: string
  readonly erasureId: string
}

/** Reads, inside or outside a transaction. Every method takes and returns batches. */
export interface StoreReader {
  getEvents(ids: readonly string[]): Promise<CustomerEvent[]>
  /** Event ids holding each identifier key (`kind:value`), for the keys that have any. */
  findEventIdsByKeys(keys: readonly string[]): Promise<Map<string, string[]>>
  /** The profile id of each event, for the events that are stored. */
  findProfileIds(eventIds: readonly string[]): Promise<Map<string, string>>
  getProfiles(ids: readonly string[]): Promise<StoredProfile[]>
  /**
   * For each identifier key: the profiles whose member events hold it, with how many of each
   * profile's members do (events in no profile are not counted; keys no member holds are left
   * out). What `findEventIdsByKeys` then `findProfileIds` would give, counted in the store.
   */
  countProfilesByKeys(keys: readonly string[]): Promise<Map<string, Map<string, number>>>
  /**
   * A number per stored profile that changes (to one it never had) whenever an event leaves the
   * profile, or one of its member events is rewritten or deleted. While it stays the same, every
   * event that is still a member reads as it did; events that joined since are new to the reader.
   * Read it before the profile and its events, so that a change racing the reads shows next time.
   */
  memberVersions(profileIds: readonly string[]): Promise<Map<string, number>>
  /** Profiles in id order, for paging through all of them. */
  listProfiles(options?: { after?: string; limit?: number }): Promise<StoredProfile[]>
  /** Links touching any of these events. */
  getLinks(eventIds: readonly string[]): Promise<Link[]>
  getSuppressions(hashes: readonly string[]): Promise<Suppression[]>
  /** Changes with `seq > since`, in order. */
  getChanges(since: number, limit?: number): Promise<ChangeRecord[]>
  getMeta(key: string): Promise<unknown>
  countEvents(): Promise<number>
}

/** Writes, only inside {@link Store.transaction}: all of them land, or none. */
export interface StoreWriter extends StoreReader {
  /**
   * Holds these keys (identifier keys, profile ids) until the transaction ends, so that two
   * writers never rebuild the same person at once. May be called more than once.
   */
  lock(keys: readonly string[]): Promise<void>
  /** Inserts or replaces by id, and reindexes the events' identifier keys. */
  putEvents(events: readonly CustomerEvent[]): Promise<void>
  deleteEvents(ids: readonly string[]): Promise<void>
  /** Inserts or replaces, and reindexes event membership. */
  putProfiles(profiles: readonly StoredProfile[]): Promise<void>
  deleteProfiles(ids: readonly string[]): Promise<void>
  putLinks(links: readonly Link[]): Promise<void>
  deleteLinks(ids: readonly string[]): Promise<void>
  /** Appends in order and assigns the next sequence numbers. */
  appendChanges(changes: readonly Omit<ChangeRecord, 'seq'>[]): Promise<ChangeRecord[]>
  /**
   * Blanks the patches of every change of these profiles (`patch: []`, `redacted: true`),
   * keeping `seq`, `op` and ids, so an erased person's data does not survive in the feed.
   * @returns how many records were redacted
   */
  redactChanges(profileIds: readonly string[]): Promise<number>
  putSuppressions(suppressions: readonly Suppression[]): Promise<void>
  deleteSuppressions(hashes: readonly string[]): Promise<void>
  putMeta(key: string, value: unknown): Promise<void>
}

/**
 * Where the event log and its projections live. The memory driver is the reference; every
 * driver passes the same contract suite (`test/store/contract.ts`).
 */
export interface Store extends StoreReader {
  /** A short name for messages and reports: `memory`, `postgres`. */
  readonly driver: string
  /** Runs `work` atomically: if it throws, nothing it wrote is kept. Drivers may retry it on a serialization conflict. */
  transaction<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/**
 * The keys a store indexes an event under: each identifier as `kind:value`, and `about:<id>`
 * when the event is about another one, so that a call finds the transcript that came first.
 */
export function indexKeys(event: CustomerEvent): string[] {
  const keys = event.identifiers.map((id) => `${id.kind}:${id.value}`)
  if (event.about) keys.push(`about:${event.about}`)
  return keys
}
