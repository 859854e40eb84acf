import jsonPatch, { type Operation } from 'fast-json-patch'
import { compareText, type CustomerEvent } from '../events/index.js'
import { type IdentityRules, type IdentityWarning, type Matcher, resolveRegionDetailed, resolveRules } from '../identity/index.js'
import { buildProfile, type ProfileOptions } from '../profile/index.js'
import type { ChangeRecord, StoredProfile, StoreWriter } from '../store/index.js'
import { collectRegion } from './collect-region.js'
import { forgetCandidates, scoreCandidates } from './match-candidates.js'
import { loadBlockedKeys } from './suggestion-store.js'

/** What changed in the log, to be reflected in the projections. */
export interface RegionChange {
  /** Events inserted or revised. */
  readonly put?: readonly CustomerEvent[]
  /** Events deleted (erasure). */
  readonly deleted?: readonly string[]
  /** Events whose profiles must be rebuilt although the events did not change (a new link, an unmerge). */
  readonly touched?: readonly string[]
  /** Identifier keys whose every holder must be rebuilt (a value blocked by an unmerge). */
  readonly keys?: readonly string[]
  readonly cause: string
}

export interface RecomputeResult {
  /** Profile ids that exist after the change and were rebuilt. */
  readonly profileIds: readonly string[]
  readonly changes: readonly ChangeRecord[]
  /** Giant values and other findings resolution reports. */
  readonly warnings: readonly IdentityWarning[]
}

export interface RecomputeDeps {
  readonly rules: IdentityRules
  readonly now: string
  /** Probabilistic matcher consulted for new events; none by default. */
  readonly matcher?: Matcher
  /** How profile documents are built (survivorship, consent, preferred channel). */
  readonly profile?: ProfileOptions
}

/**
 * Applies a change to the event log and rebuilds every profile it can affect: the region
 * closed under evidence around the changed events (see `collectRegion`), so a value that
 * turns shared splits every profile it had joined. Old and new profiles are compared and
 * published to the change feed.
 * @example await store.transaction((tx) => recomputeRegion(tx, { touched: [eventId], cause: 'link' }, { rules, now }))
 */
export async function recomputeRegion(tx: StoreWriter, change: RegionChange, deps: RecomputeDeps): Promise<RecomputeResult> {
  const put = change.put ?? []
  const deleted = new Set(change.deleted ?? [])
  const rules = resolveRules(deps.rules)
  const blocked = await loadBlockedKeys(tx)
  const seedKeys = [...(change.keys ?? [])]
  for (const event of put) for (const id of event.identifiers) seedKeys.push(`${id.kind}:${id.value}`)
  await tx.lock([...new Set(seedKeys)].sort())
  const matched = deps.matcher && put.length > 0 ? await scoreCandidates(tx, put, deps.matcher, deps.now) : []
  const seed = { put, eventIds: [...(change.touched ?? []), ...matched], keys: change.keys ?? [], exclude: deleted }
  // Another instance may merge or split these profiles between our read and our lock, so after
  // locking, check again and collect anew until no profile we have not locked appears.
  const lockedProfiles = new Set<string>()
  let collected = await collectRegion(tx, seed, rules, blocked)
  for (;;) {
    const fresh = [...new Set(collected.before.map((p) => p.id))].filter((id) => !lockedProfiles.has(id)).sort()
    if (fresh.length === 0) break
    await tx.lock(fresh)
    for (const id of fresh) lockedProfiles.add(id)
    const now = await tx.findProfileIds(collected.events.map((e) => e.id))
    if ([...now.values()].every((id) => lockedProfiles.has(id))) break
    collected = await collectRegion(tx, seed, rules, blocked)
  }
  const { events: region, before, saturated, verdicts } = collected
  const links = await tx.getLinks(region.map((e) => e.id))

  if (deleted.size > 0) {
    await forgetCandidates(tx, await tx.getEvents([...deleted]), deps.matcher)
    await tx.deleteEvents([...deleted])
  }
  if (put.length > 0) await tx.putEvents(put)

  const eventsById = new Map(region.map((e) => [e.id, e]))
  const resolution = resolveRegionDetailed(region, links, deps.rules, { blockedKeys: blocked, holderCounts: saturated, verdicts })
  const resolved = resolution.profiles
  const beforeById = new Map(before.map((p) => [p.id, p]))
  const after: StoredProfile[] = resolved.map((profile) => ({
    ...profile,
    snapshot: buildProfile(
      profile.id,
      profile.eventIds.map((id) => eventsById.get(id) as CustomerEvent),
      deps.profile,
    ),
  }))
  const afterIds = new Set(after.map((p) => p.id))
  const removed = before.filter((p) => !afterIds.has(p.id)).map((p) => p.id)

  // Creates and updates come before deletes, so a consumer merging records in its CRM sees the
  // survivor complete before the absorbed profile goes; each record still touches one profile only.
  const records: Omit<ChangeRecord, 'seq'>[] = []
  const ownerBefore = membership(before)
  const ownerAfter = membership(after)
  for (const profile of after) {
    const old = beforeById.get(profile.id)
    const patch = old ? jsonPatch.compare(old.snapshot as object, profile.snapshot as object) : creationPatch(profile.snapshot)
    if (old && patch.length === 0) continue
    const splitFrom = old ? undefined : mostShared(profile.eventIds, ownerBefore)
    records.push({ profileId: profile.id, op: old ? 'update' : 'create', patch, cause: change.cause, at: deps.now, ...(splitFrom ? { splitFrom } : {}) })
  }
  for (const id of removed) {
    const mergedInto = mostShared(beforeById.get(id)?.eventIds ?? [], ownerAfter)
    records.push({ profileId: id, op: 'delete', patch: [], cause: change.cause, at: deps.now, ...(mergedInto ? { mergedInto } : {}) })
  }
  records.sort((a, b) => Number(a.op === 'delete') - Number(b.op === 'delete') || compareText(a.profileId, b.profileId))

  if (removed.length > 0) await tx.deleteProfiles(removed)
  const published = new Set(records.map((r) => r.profileId))
  const changedProfiles = after.filter((p) => published.has(p.id) || !sameMembers(beforeById.get(p.id), p))
  if (changedProfiles.length > 0) await tx.putProfiles(changedProfiles)
  const changes = await tx.appendChanges(records)
  return { profileIds: after.map((p) => p.id), changes, warnings: resolution.warnings }
}

/**
 * The patch `jsonPatch.compare({}, snapshot)` gives: one `add` per field, in field order. Its
 * values are the snapshot's own (deeply frozen) parts rather than the copies `compare` would
 * make, as the change feed only ever serializes them.
 */
function creationPatch(snapshot: StoredProfile['snapshot']): Operation[] {
  const patch: Operation[] = []
  const document = snapshot as Readonly<Record<string, unknown>>
  for (const key of Object.keys(document)) {
    const value = document[key]
    if (value !== undefined) patch.push({ op: 'add', path: `/${jsonPatch.escapePathComponent(key)}`, value })
  }
  return patch
}

/** Which profile of `profiles` holds each event (profiles are disjoint), built once per region. */
function membership(profiles: readonly StoredProfile[]): Map<string, string> {
  const owner = new Map<string, string>()
  for (const profile of profiles) for (const id of profile.eventIds) owner.set(id, profile.id)
  return owner
}

/**
 * The profile holding most of these events (ties to the smaller id), if any holds one. `owner`
 * maps each event to its profile (see `membership`): counting through it costs O(events) rather
 * than O(events x profiles) per call, which made regions with many new profiles quadratic.
 */
function mostShared(eventIds: readonly string[], owner: ReadonlyMap<string, string>): string | undefined {
  const counts = new Map<string, number>()
  for (const id of new Set(eventIds)) {
    const profileId = owner.get(id)
    if (profileId !== undefined) counts.set(profileId, (counts.get(profileId) ?? 0) + 1)
  }
  let best: { id: string; count: number } | undefined
  for (const [id, count] of counts) {
    if (!best || count > best.count || (count === best.count && compareText(id, best.id) < 0)) best = { id, count }
  }
  return best?.id
}

function sameMembers(a: StoredProfile | undefined, b: StoredProfile): boolean {
  return (
    a !== undefined &&
    a.evidence.length === b.evidence.length &&
    a.eventIds.length === b.eventIds.length &&
    a.eventIds.every((id, i) => id === b.eventIds[i])
  )
}
