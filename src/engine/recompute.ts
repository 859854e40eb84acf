import jsonPatch from 'fast-json-patch'
import { compareText, type CustomerEvent } from '../events/index.js'
import { type IdentityRules, resolveRegion } from '../identity/index.js'
import { buildProfile, type ProfileOptions } from '../profile/index.js'
import { type ChangeRecord, indexKeys, type StoredProfile, type StoreWriter } from '../store/index.js'

/** What changed in the log, to be reflected in the projections. */
export interface RegionChange {
  /** Events inserted or revised. */
  readonly put?: readonly CustomerEvent[]
  /** Events deleted (erasure). */
  readonly deleted?: readonly string[]
  /** Events whose profiles must be rebuilt although the events did not change (a new link, an unmerge). */
  readonly touched?: readonly string[]
  readonly cause: string
}

export interface RecomputeResult {
  /** Profile ids that exist after the change and were rebuilt. */
  readonly profileIds: readonly string[]
  readonly changes: readonly ChangeRecord[]
}

export interface RecomputeDeps {
  readonly rules: IdentityRules
  readonly now: string
  /** How profile documents are built (survivorship, consent, preferred channel). */
  readonly profile?: ProfileOptions
}

/**
 * Applies a change to the event log and rebuilds every profile it can affect: the profiles
 * holding any identifier of the changed events, the events they are about, and the events
 * about them. Old and new profiles are compared and published to the change feed.
 */
export async function recomputeRegion(tx: StoreWriter, change: RegionChange, deps: RecomputeDeps): Promise<RecomputeResult> {
  const put = change.put ?? []
  const deleted = new Set(change.deleted ?? [])
  const previous = await tx.getEvents(put.map((e) => e.id))
  const seedKeys = new Set<string>()
  for (const event of [...put, ...previous]) {
    for (const key of indexKeys(event)) seedKeys.add(key)
    seedKeys.add(`about:${event.id}`)
  }
  await tx.lock([...seedKeys].sort())
  const hits = await tx.findEventIdsByKeys([...seedKeys])
  const related = new Set<string>([...put.map((e) => e.id), ...deleted, ...(change.touched ?? [])])
  for (const ids of hits.values()) for (const id of ids) related.add(id)
  for (const event of put) if (event.about) related.add(event.about)
  // Another instance may merge or split these profiles between our read and our lock, so read
  // again under the locks until no profile we have not locked appears (several instances on one store).
  const lockedProfiles = new Set<string>()
  let profileIds: string[]
  for (;;) {
    profileIds = [...new Set((await tx.findProfileIds([...related])).values())].sort()
    const fresh = profileIds.filter((id) => !lockedProfiles.has(id))
    if (fresh.length === 0) break
    await tx.lock(fresh)
    for (const id of fresh) lockedProfiles.add(id)
  }
  const before = await tx.getProfiles(profileIds)

  const putIds = new Set(put.map((e) => e.id))
  const memberIds = new Set<string>()
  for (const profile of before) for (const id of profile.eventIds) memberIds.add(id)
  for (const id of related) memberIds.add(id)
  const keep = [...memberIds].filter((id) => !putIds.has(id) && !deleted.has(id))
  const region = [...(await tx.getEvents(keep)), ...put]
  const links = await tx.getLinks(region.map((e) => e.id))

  if (deleted.size > 0) await tx.deleteEvents([...deleted])
  if (put.length > 0) await tx.putEvents(put)

  const eventsById = new Map(region.map((e) => [e.id, e]))
  const resolved = resolveRegion(region, links, deps.rules)
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
  for (const profile of after) {
    const old = beforeById.get(profile.id)
    const patch = jsonPatch.compare((old?.snapshot ?? {}) as object, profile.snapshot as object)
    if (old && patch.length === 0) continue
    const splitFrom = old ? undefined : mostShared(profile.eventIds, before)
    records.push({ profileId: profile.id, op: old ? 'update' : 'create', patch, cause: change.cause, at: deps.now, ...(splitFrom ? { splitFrom } : {}) })
  }
  for (const id of removed) {
    const mergedInto = mostShared(beforeById.get(id)?.eventIds ?? [], after)
    records.push({ profileId: id, op: 'delete', patch: [], cause: change.cause, at: deps.now, ...(mergedInto ? { mergedInto } : {}) })
  }
  records.sort((a, b) => Number(a.op === 'delete') - Number(b.op === 'delete') || compareText(a.profileId, b.profileId))

  if (removed.length > 0) await tx.deleteProfiles(removed)
  const published = new Set(records.map((r) => r.profileId))
  const changedProfiles = after.filter((p) => published.has(p.id) || !sameMembers(beforeById.get(p.id), p))
  if (changedProfiles.length > 0) await tx.putProfiles(changedProfiles)
  const changes = await tx.appendChanges(records)
  return { profileIds: after.map((p) => p.id), changes }
}

/** The profile among `candidates` holding most of these events (ties to the smaller id), if any holds one. */
function mostShared(eventIds: readonly string[], candidates: readonly StoredProfile[]): string | undefined {
  const wanted = new Set(eventIds)
  let best: { id: string; count: number } | undefined
  for (const candidate of [...candidates].sort((x, y) => compareText(x.id, y.id))) {
    const count = candidate.eventIds.filter((id) => wanted.has(id)).length
    if (count > 0 && (!best || count > best.count)) best = { id: candidate.id, count }
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
