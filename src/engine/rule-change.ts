import { compareText } from '../events/index.js'
import type { RegionResolution } from '../identity/index.js'
import type { StoredProfile } from '../store/index.js'

/** What a rule change does to the stored profiles. */
export interface RuleChangeReport {
  readonly profilesBefore: number
  readonly profilesAfter: number
  /** New profiles that draw events from several current ones. */
  readonly merges: readonly { readonly profileId: string; readonly from: readonly string[] }[]
  /** Current profiles whose events would go to several new ones. */
  readonly splits: readonly { readonly profileId: string; readonly into: readonly string[] }[]
  /** Current profiles that would keep exactly their members. */
  readonly unchanged: number
  /** Values that would not be evidence, with the reason. */
  readonly shared: readonly { readonly key: string; readonly reason: string; readonly detail: string }[]
}

/**
 * Compares the stored profiles with a resolution of every event under other rules.
 * @example compareRuleOutcomes(await store.listProfiles(), resolveRegionDetailed(events, links, rules))
 */
export function compareRuleOutcomes(before: readonly StoredProfile[], after: RegionResolution): RuleChangeReport {
  const oldOf = new Map<string, string>()
  for (const profile of before) for (const id of profile.eventIds) oldOf.set(id, profile.id)
  const newOf = new Map<string, string>()
  for (const profile of after.profiles) for (const id of profile.eventIds) newOf.set(id, profile.id)
  const merges = after.profiles
    .map((p) => ({ profileId: p.id, from: distinct(p.eventIds.map((id) => oldOf.get(id))) }))
    .filter((m) => m.from.length > 1)
  const splits = before
    .map((p) => ({ profileId: p.id, into: distinct(p.eventIds.map((id) => newOf.get(id))) }))
    .filter((s) => s.into.length > 1)
  const afterMembers = new Map(after.profiles.map((p) => [p.id, p.eventIds.join(',')]))
  const unchanged = before.filter((p) => afterMembers.get(p.id) === p.eventIds.join(',')).length
  return {
    profilesBefore: before.length,
    profilesAfter: after.profiles.length,
    merges,
    splits,
    unchanged,
    shared: after.shared.filter((s) => s.people > 1 || s.holders > 1).map(({ key, reason, detail }) => ({ key, reason, detail })),
  }
}

function distinct(ids: readonly (string | undefined)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== undefined))].sort(compareText)
}
