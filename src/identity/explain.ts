import type { EvidenceEdge, Link, StoredProfile } from '../store/index.js'
import type { RefusedEdge, RegionResolution, ResolvedProfile, SharedValueReport } from './resolve-region.js'
import type { Suggestion } from './suggestion.js'

/**
 * Why two events are one person (the chain of evidence from one to the other), and what
 * evidence between them was refused and why.
 */
export interface MergeExplanation {
  /** The profile of `from`. */
  readonly profileId: string
  readonly from: string
  readonly to: string
  /** Whether `from` and `to` are one person. */
  readonly joined?: boolean
  /** The profiles of `from` and `to` (equal when joined). */
  readonly profileIds?: readonly [string, string]
  /** Each step joins two events; read in order, it leads from `from` to `to`. Empty when not joined. */
  readonly path: readonly EvidenceStep[]
  /** Evidence between the two sides (or inside the profile) that a rule refused. */
  readonly refused?: readonly RefusedStep[]
  /** Values held on both sides (or by the profile) that are not evidence. */
  readonly shared?: readonly SharedStep[]
  /** Matcher suggestions between the two sides, with their scores. */
  readonly suggestions?: readonly Suggestion[]
  /** `different` links between the two sides: rejected suggestions and unmerges. */
  readonly cannotLinks?: readonly Link[]
}

export interface EvidenceStep extends EvidenceEdge {
  /** The step in words: "both hold email:ann@example.com". */
  readonly reason: string
}

export interface RefusedStep extends RefusedEdge {
  /** The refusal in words: "email:bo@x was not used: joining would give 6 email values, over the limit of 5". */
  readonly text: string
}

export interface SharedStep extends SharedValueReport {
  /** "email:info@x.com is shared by 3 people, so it is not evidence (a role mailbox)". */
  readonly text: string
}

/** How one profile was formed. */
export interface ProfileExplanation {
  readonly profileId: string
  readonly members: number
  /** Evidence edges kept, by `via` and identifier kind: `{ 'identifier:email': 3, 'match': 1 }`. */
  readonly evidenceByKind: Readonly<Record<string, number>>
  readonly evidence: readonly EvidenceStep[]
  readonly shared: readonly SharedStep[]
  /** Edges refused inside or at the border of the profile: limits, unique kinds, cannot-links. */
  readonly refused: readonly RefusedStep[]
  /** `different` links recorded on its members. */
  readonly cannotLinks: readonly Link[]
  readonly suggestions: readonly Suggestion[]
}

/**
 * Describes one piece of evidence for a person reading the explanation.
 * @example describeEvidence({ a: 'evt_1', b: 'evt_2', via: 'identifier', key: 'email:ann@example.com' }) // 'both hold email:ann@example.com'
 */
export function describeEvidence(edge: EvidenceEdge): string {
  switch (edge.via) {
    case 'identifier':
      return edge.grade === 'stated' ? `both hold ${edge.key} (stated by the customer in a message)` : `both hold ${edge.key}`
    case 'about':
      return `one is about the other (${edge.key})`
    case 'link':
      return `linked by a recorded decision ${edge.linkId ?? ''}`.trim()
    case 'reference':
      return `one quotes ${edge.key}, which a company record holds`
    case 'match':
      return `probabilistic match${edge.score === undefined ? '' : ` with score ${edge.score.toFixed(2)}`}`
  }
}

/**
 * Describes a refused edge: which evidence, and which rule refused it.
 * @example describeRefusal(refused) // 'phone:+14155550100 was not used: joining would give 6 email values, over the limit of 5'
 */
export function describeRefusal(edge: RefusedEdge): string {
  const what = edge.key ?? (edge.via === 'match' ? `a match${edge.score === undefined ? '' : ` with score ${edge.score.toFixed(2)}`}` : `link ${edge.linkId ?? ''}`)
  return `${what} was not used: ${edge.detail}`
}

/**
 * Describes a shared value.
 * @example describeShared(shared) // 'email:info@x.com is held by 3 people in 3 events, so it is not evidence (...)'
 */
export function describeShared(value: SharedValueReport): string {
  const who = value.people === 1 ? 'one person' : `${value.people} people`
  return `${value.key} is held by ${who} in ${value.holders} events, so it is not evidence (${value.detail})`
}

/**
 * The evidence path between two events of one profile: a walk through its evidence forest.
 * @returns the path, or `null` when the events are not joined in this profile
 * @example explainPath(profile, 'evt_a', 'evt_b')?.path.map((s) => s.reason)
 */
export function explainPath(profile: StoredProfile | ResolvedProfile, from: string, to: string): MergeExplanation | null {
  if (!profile.eventIds.includes(from) || !profile.eventIds.includes(to)) return null
  const adjacent = new Map<string, EvidenceEdge[]>()
  for (const edge of profile.evidence) {
    for (const end of [edge.a, edge.b]) {
      const list = adjacent.get(end)
      if (list) list.push(edge)
      else adjacent.set(end, [edge])
    }
  }
  // Breadth-first over a forest: the path, when one exists, is unique.
  const cameBy = new Map<string, EvidenceEdge | null>([[from, null]])
  const queue = [from]
  for (let head = 0; head < queue.length && !cameBy.has(to); head++) {
    const node = queue[head] as string
    for (const edge of adjacent.get(node) ?? []) {
      const next = edge.a === node ? edge.b : edge.a
      if (cameBy.has(next)) continue
      cameBy.set(next, edge)
      queue.push(next)
    }
  }
  if (!cameBy.has(to)) return null
  const path: EvidenceStep[] = []
  for (let node = to; node !== from; ) {
    const edge = cameBy.get(node) as EvidenceEdge
    path.unshift({ ...edge, reason: describeEvidence(edge) })
    node = edge.a === node ? edge.b : edge.a
  }
  return { profileId: profile.id, from, to, path }
}

/**
 * Explains a pair from a resolved region: the path when joined, and the refused evidence,
 * shared values, suggestions and cannot-links relevant to the pair.
 * @returns `null` when the two are different people and nothing relates them at all
 * @example explainPair(resolveRegionDetailed(events, links), links, suggestions, 'evt_a', 'evt_b')
 */
export function explainPair(
  region: RegionResolution,
  links: readonly Link[],
  suggestions: readonly Suggestion[],
  from: string,
  to: string,
): MergeExplanation | null {
  const pa = region.profiles.find((p) => p.eventIds.includes(from))
  const pb = region.profiles.find((p) => p.eventIds.includes(to))
  if (!pa || !pb) return null
  const joined = pa.id === pb.id
  const sideA = new Set(pa.eventIds)
  const sideB = new Set(pb.eventIds)
  const across = (a: string, b: string) => (joined ? sideA.has(a) || sideA.has(b) : (sideA.has(a) && sideB.has(b)) || (sideA.has(b) && sideB.has(a)))
  const refused = region.refused.filter((e) => across(e.a, e.b)).map((e) => ({ ...e, text: describeRefusal(e) }))
  const shared = sharedHeldBy(region, joined ? [sideA] : [sideA, sideB])
  const related = suggestions.filter((s) => across(s.a, s.b))
  const cannotLinks = links.filter((l) => l.kind === 'different' && across(l.a, l.b))
  const path = joined ? (explainPath(pa, from, to)?.path ?? []) : []
  if (!joined && refused.length + shared.length + related.length + cannotLinks.length === 0) return null
  return { profileId: pa.id, from, to, joined, profileIds: [pa.id, pb.id], path, refused, shared, suggestions: related, cannotLinks }
}

/**
 * Summarizes how one resolved profile was formed.
 * @example explainResolvedProfile(region, 'prf_...', links, suggestions)?.evidenceByKind
 */
export function explainResolvedProfile(
  region: RegionResolution,
  profileId: string,
  links: readonly Link[],
  suggestions: readonly Suggestion[],
): ProfileExplanation | undefined {
  const profile = region.profiles.find((p) => p.id === profileId)
  if (!profile) return undefined
  const members = new Set(profile.eventIds)
  const evidenceByKind: Record<string, number> = {}
  for (const edge of profile.evidence) {
    const name = edge.via === 'identifier' || edge.via === 'reference' ? `${edge.via}:${(edge.key ?? '').split(':')[0]}` : edge.via
    evidenceByKind[name] = (evidenceByKind[name] ?? 0) + 1
  }
  return {
    profileId,
    members: profile.eventIds.length,
    evidenceByKind,
    evidence: profile.evidence.map((e) => ({ ...e, reason: describeEvidence(e) })),
    shared: sharedHeldBy(region, [members]),
    refused: region.refused.filter((e) => members.has(e.a) || members.has(e.b)).map((e) => ({ ...e, text: describeRefusal(e) })),
    cannotLinks: links.filter((l) => l.kind === 'different' && (members.has(l.a) || members.has(l.b))),
    suggestions: suggestions.filter((s) => members.has(s.a) || members.has(s.b)),
  }
}

/** Shared values held by at least one member of every given side. */
function sharedHeldBy(region: RegionResolution, sides: readonly ReadonlySet<string>[]): SharedStep[] {
  return region.shared
    .filter((value) => sides.every((side) => value.holderIds.some((id) => side.has(id))))
    .map((value) => ({ ...value, text: describeShared(value) }))
}
