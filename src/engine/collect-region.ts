import type { CustomerEvent } from '../events/index.js'
import { detectSharedValue, type ResolvedRules, type SharedValue, staticRefusal } from '../identity/index.js'
import type { StoredProfile, StoreReader } from '../store/index.js'

/** Where a region starts: changed events, keys they held before, events whose profiles must be rebuilt. */
export interface RegionSeed {
  /** Events as they will be stored (new or revised); they replace stored versions. */
  readonly put?: readonly CustomerEvent[]
  /** Events to rebuild, loaded from the store. */
  readonly eventIds?: readonly string[]
  /** Identifier keys whose every holder must be rebuilt (a value blocked or turned shared). */
  readonly keys?: readonly string[]
  /** Events leaving the log: not in the region, but their neighbours are. */
  readonly exclude?: ReadonlySet<string>
}

export interface Region {
  readonly events: readonly CustomerEvent[]
  /** Stored profiles holding any event of the region, before the change. */
  readonly before: readonly StoredProfile[]
  /** Values held beyond `maxHolderEvents` that were not followed, with their holder counts. */
  readonly saturated: ReadonlyMap<string, number>
  /** Values with many holders, shared before and after the change, that were not followed (see `resolveRegionDetailed`). */
  readonly verdicts: ReadonlyMap<string, SharedValue>
}

/**
 * Collects the region a change can affect: every event reachable from the seed through any
 * identifier that might be evidence, `about` edges, `same` links, and stored profile
 * membership. Because the region is closed this way, resolving it gives the same profiles as
 * resolving the whole log would, so the result never depends on arrival order or batching.
 * Values refused without looking at their holders (placeholders, role mailboxes, blocked
 * values) are not followed, so a role mailbox never drags in its thousands of writers. Nor is a
 * value whose holders are shared both before and after the change (an order number quoted by
 * many customers that no record holds, a household landline): no stored profile was joined
 * through it and none will be, so its holders' profiles stand.
 * @example const { events, before } = await collectRegion(tx, { put: batch }, resolveRules(rules), blocked)
 */
export async function collectRegion(reader: StoreReader, seed: RegionSeed, rules: ResolvedRules, blocked: ReadonlySet<string>): Promise<Region> {
  const exclude = seed.exclude ?? new Set<string>()
  const fresh = new Map((seed.put ?? []).map((e) => [e.id, e]))
  const events = new Map<string, CustomerEvent>()
  const seenIds = new Set<string>()
  const seenKeys = new Set<string>()
  const seenProfiles = new Set<string>()
  const before: StoredProfile[] = []
  const saturated = new Map<string, number>()
  const verdicts = new Map<string, SharedValue>()
  const loaded = new Map<string, CustomerEvent>()
  let freshByKey: Map<string, CustomerEvent[]> | undefined
  let ids = [...fresh.keys(), ...(seed.eventIds ?? []), ...exclude]
  // Keys not asked yet, each once: a key joins `seenKeys` as it is queued.
  let keys: string[] = []
  const queueKey = (key: string) => {
    if (seenKeys.has(key)) return
    seenKeys.add(key)
    keys.push(key)
  }
  // Seed keys are followed whatever their holders: their every holder must be rebuilt.
  const seedKeys = new Set(seed.keys ?? [])
  for (const key of seedKeys) queueKey(key)

  while (ids.length > 0 || keys.length > 0) {
    const newIds: string[] = []
    const queueId = (id: string) => {
      if (seenIds.has(id)) return
      seenIds.add(id)
      newIds.push(id)
    }
    for (const id of ids) queueId(id)
    const keyHits = await reader.findEventIdsByKeys(keys)
    const toJudge: [string, string[]][] = []
    for (const [key, holders] of keyHits) {
      if (holders.length > 1 && !seedKeys.has(key) && holders.some((id) => !seenIds.has(id))) {
        // Held beyond the bound, a value is shared outright: follow it only when this change is what pushed it over.
        const about = key.startsWith('about:')
        if (holders.filter((id) => !fresh.has(id)).length > (about ? rules.maxHolders : rules.maxHolderEvents)) {
          saturated.set(key, holders.length)
          continue
        }
        if (!about) {
          toJudge.push([key, holders])
          continue
        }
      }
      for (const id of holders) queueId(id)
    }
    // Values reaching events outside the region are judged on all their holders, read in one call:
    // shared before the change and after it, a value joined no stored profile and will join none.
    await load(toJudge.flatMap(([, holders]) => holders))
    for (const [key, holders] of toJudge) {
      const verdict = sharedThroughout(key, holders)
      if (verdict) verdicts.set(key, verdict)
      else for (const id of holders) queueId(id)
    }
    keys = []
    if (newIds.length === 0) break
    // Stored versions too, for revised events: the keys they held before may have joined others.
    const stored = await load(newIds)
    const incoming = newIds.map((id) => fresh.get(id)).filter((e): e is CustomerEvent => e !== undefined)
    const follow: string[] = []
    for (const event of [...stored, ...incoming]) {
      if (!exclude.has(event.id)) events.set(event.id, fresh.get(event.id) ?? event)
      for (const id of event.identifiers) {
        if (!staticRefusal(id.kind, id.value, rules, blocked)) queueKey(`${id.kind}:${id.value}`)
      }
      if (event.about) {
        queueKey(`about:${event.about}`)
        follow.push(event.about)
      }
      queueKey(`about:${event.id}`)
    }
    for (const link of await reader.getLinks(newIds)) if (link.kind === 'same') follow.push(link.a, link.b)
    const profileIds = [...new Set((await reader.findProfileIds(newIds)).values())].filter((id) => !seenProfiles.has(id))
    for (const profile of await reader.getProfiles(profileIds)) {
      seenProfiles.add(profile.id)
      before.push(profile)
      follow.push(...profile.eventIds)
    }
    ids = follow.filter((id) => !seenIds.has(id))
  }
  return { events: [...events.values()], before, saturated, verdicts }

  /** The changed events by each identifier key they hold, built on first use. */
  function freshHolders(): Map<string, CustomerEvent[]> {
    if (freshByKey) return freshByKey
    freshByKey = new Map()
    for (const event of fresh.values()) {
      for (const id of event.identifiers) {
        const key = `${id.kind}:${id.value}`
        const list = freshByKey.get(key)
        if (list) list.push(event)
        else freshByKey.set(key, [event])
      }
    }
    return freshByKey
  }

  /** Stored events, each read from the store once per region. */
  async function load(ids: readonly string[]): Promise<CustomerEvent[]> {
    const missing = ids.filter((id) => !loaded.has(id))
    for (const event of await reader.getEvents(missing)) loaded.set(event.id, event)
    return ids.map((id) => loaded.get(id)).filter((e): e is CustomerEvent => e !== undefined)
  }

  /** The value's verdict when it is shared among its stored holders (already loaded) and among its holders after the change alike. */
  function sharedThroughout(key: string, holderIds: readonly string[]): SharedValue | undefined {
    const colon = key.indexOf(':')
    const kind = key.slice(0, colon) as CustomerEvent['identifiers'][number]['kind']
    const value = key.slice(colon + 1)
    const holds = (event: CustomerEvent) => event.identifiers.some((id) => id.kind === kind && id.value === value)
    const stored = holderIds.map((id) => loaded.get(id)).filter((e): e is CustomerEvent => e !== undefined)
    if (!detectSharedValue(kind, value, stored, rules, blocked)) return undefined
    const after = new Map<string, CustomerEvent>()
    for (const event of stored) if (!exclude.has(event.id)) after.set(event.id, fresh.get(event.id) ?? event)
    for (const event of freshHolders().get(key) ?? []) if (!exclude.has(event.id)) after.set(event.id, event)
    return detectSharedValue(kind, value, [...after.values()].filter(holds), rules, blocked)
  }
}
