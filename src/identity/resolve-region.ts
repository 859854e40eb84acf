import { compareEvents, compareText, type CustomerEvent, identifierKey } from '../events/index.js'
import type { EvidenceEdge, Link } from '../store/index.js'
import { isPlaceholder, type PlaceholderOptions } from './placeholder-values.js'
import { UnionFind } from './union-find.js'

/** Rules that decide which evidence may join events into one person. */
export interface IdentityRules {
  readonly placeholders?: PlaceholderOptions
}

/** One person as resolved: members and the evidence that joined them. */
export interface ResolvedProfile {
  readonly id: string
  readonly eventIds: readonly string[]
  readonly evidence: readonly EvidenceEdge[]
}

/** Stronger evidence is considered first; a constraint can only refuse the weaker. */
const STRENGTH: Record<EvidenceEdge['via'], number> = { link: 0, about: 1, identifier: 2, reference: 3, match: 4 }

/** A profile's id is its earliest event's, so it survives merges into later people and splits that keep that event. */
export function profileIdFor(earliestEventId: string): string {
  return `prf_${earliestEventId.startsWith('evt_') ? earliestEventId.slice(4) : earliestEventId}`
}

/** The identifier keys of an event that may serve as evidence under the rules. */
export function usableKeys(event: CustomerEvent, rules: IdentityRules = {}): string[] {
  return event.identifiers.filter((id) => !isPlaceholder(id, rules.placeholders)).map(identifierKey)
}

/**
 * Resolves a region of the identity graph into profiles. The result is a function of the set
 * of events and links only: edges are sorted by strength, then by a stable key, and added
 * Kruskal-style, skipping any edge that would put two events of a `different` link together.
 * @param events every event of the region (a new batch plus the profiles it touches)
 * @param links recorded decisions touching those events
 */
export function resolveRegion(events: readonly CustomerEvent[], links: readonly Link[], rules: IdentityRules = {}): ResolvedProfile[] {
  const sorted = [...events].sort(compareEvents)
  const index = new Map(sorted.map((event, i) => [event.id, i]))
  const edges: (EvidenceEdge & { rank: number; order: string })[] = []
  const push = (a: number, b: number, edge: Omit<EvidenceEdge, 'a' | 'b'>) => {
    const [lo, hi] = a < b ? [a, b] : [b, a]
    const ids = { a: (sorted[lo] as CustomerEvent).id, b: (sorted[hi] as CustomerEvent).id }
    edges.push({ ...edge, ...ids, rank: STRENGTH[edge.via], order: `${edge.key ?? edge.linkId ?? ''}\u0000${ids.a}\u0000${ids.b}` })
  }

  // Each identifier joins its holders as a star around the earliest: n-1 edges, not n².
  const holders = new Map<string, number>()
  sorted.forEach((event, i) => {
    for (const key of usableKeys(event, rules)) {
      const first = holders.get(key)
      if (first === undefined) holders.set(key, i)
      else push(first, i, { via: 'identifier', key })
    }
    const about = event.about === undefined ? undefined : index.get(event.about)
    if (about !== undefined) push(about, i, { via: 'about', key: `about:${event.about}` })
  })
  const forbidden = new Map<number, Set<number>>()
  for (const link of links) {
    const a = index.get(link.a)
    const b = index.get(link.b)
    if (a === undefined || b === undefined || a === b) continue
    if (link.kind === 'same') {
      push(a, b, { via: 'link', linkId: link.id, ...(link.score === undefined ? {} : { score: link.score }) })
    } else {
      for (const [x, y] of [[a, b], [b, a]] as const) forbidden.set(x, (forbidden.get(x) ?? new Set()).add(y))
    }
  }
  edges.sort((x, y) => x.rank - y.rank || compareText(x.order, y.order))

  const sets = new UnionFind(sorted.length)
  const members = new Map<number, number[]>()
  const cannot = new Map<number, Set<number>>()
  const membersOf = (root: number) => members.get(root) ?? [root]
  const cannotOf = (root: number) => cannot.get(root) ?? forbidden.get(root) ?? new Set<number>()
  const evidence: EvidenceEdge[] = []
  for (const edge of edges) {
    const ra = sets.find(index.get(edge.a) as number)
    const rb = sets.find(index.get(edge.b) as number)
    if (ra === rb) continue
    if (forbidden.size > 0) {
      const [small, large] = membersOf(ra).length < membersOf(rb).length ? [ra, rb] : [rb, ra]
      const refused = cannotOf(large)
      if (membersOf(small).some((m) => refused.has(m))) continue
    }
    const root = sets.union(ra, rb)
    const other = root === ra ? rb : ra
    if (forbidden.size > 0) {
      // Union by size keeps `root` the larger side, so appending the smaller stays near-linear.
      const kept = members.get(root) ?? [root]
      for (const m of membersOf(other)) kept.push(m)
      members.set(root, kept)
      members.delete(other)
      cannot.set(root, new Set([...cannotOf(root), ...cannotOf(other)]))
      cannot.delete(other)
    }
    const { rank: _rank, order: _order, ...kept } = edge
    evidence.push(kept)
  }

  const groups = new Map<number, number[]>()
  sorted.forEach((_, i) => {
    const root = sets.find(i)
    const group = groups.get(root)
    if (group) group.push(i)
    else groups.set(root, [i])
  })
  const profileOf = new Map<string, string>()
  const profiles = [...groups.values()].map((group) => {
    // Members are in time order, so the first is the earliest event.
    const id = profileIdFor((sorted[group[0] as number] as CustomerEvent).id)
    const eventIds = group.map((i) => (sorted[i] as CustomerEvent).id)
    for (const eventId of eventIds) profileOf.set(eventId, id)
    return { id, eventIds: [...eventIds].sort(compareText), evidence: [] as EvidenceEdge[] }
  })
  const byId = new Map(profiles.map((p) => [p.id, p]))
  for (const edge of evidence) byId.get(profileOf.get(edge.a) as string)?.evidence.push(edge)
  return profiles.sort((x, y) => compareText(x.id, y.id))
}
