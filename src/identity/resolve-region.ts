import { compareEvents, compareText, type CustomerEvent, type IdentifierGrade, type IdentifierKind, identifierKey } from '../events/index.js'
import type { EvidenceEdge, Link } from '../store/index.js'
import { type IdentityRules, limitScope, resolveRules } from './identity-rules.js'
import { eventName, namesCompatible } from './name-compatibility.js'
import { isPlaceholder } from './placeholder-values.js'
import { detectSharedValue, differentHolders, type SharedValue, staticRefusal } from './shared-value-detector.js'
import { type Component, type Edge, groupsNeedingChecks, limitAdd as add, type RefusalReason, refusalOf } from './merge-constraints.js'
import { sortEdges } from './edge-order.js'
import { UnionFind } from './union-find.js'

export { compareEdges, sortEdges } from './edge-order.js'

export type { IdentityRules } from './identity-rules.js'

/** One person as resolved: members and the evidence that joined them. */
export interface ResolvedProfile {
  readonly id: string
  readonly eventIds: readonly string[]
  readonly evidence: readonly EvidenceEdge[]
}

export type { RefusalReason } from './merge-constraints.js'

/** An edge Kruskal skipped, kept for `explain`. */
export interface RefusedEdge extends EvidenceEdge {
  readonly reason: RefusalReason
  readonly detail: string
}

/** Something a caller should look at, such as one value joining a giant group of events. */
export interface IdentityWarning {
  readonly code: 'giant_value'
  readonly key: string
  readonly events: number
  readonly message: string
}

/** A shared value and how many resolved people hold it. */
export interface SharedValueReport extends SharedValue {
  readonly people: number
  /** The events of the region holding it. */
  readonly holderIds: readonly string[]
}

/** Everything resolution decided about a region: profiles and what it refused. */
export interface RegionResolution {
  readonly profiles: readonly ResolvedProfile[]
  readonly refused: readonly RefusedEdge[]
  readonly shared: readonly SharedValueReport[]
  readonly warnings: readonly IdentityWarning[]
}

export interface ResolveRegionOptions {
  /** Identifier keys an unmerge removed as evidence. */
  readonly blockedKeys?: Iterable<string>
  /**
   * Holder counts of values whose holders were not all loaded into the region (held beyond
   * `maxHolderEvents`), so that they are judged shared exactly as with every holder present.
   */
  readonly holderCounts?: ReadonlyMap<string, number>
  /**
   * Values already judged shared on all their holders, of which the region holds only some
   * (`collectRegion` does not follow a value that is shared before and after a change).
   */
  readonly verdicts?: ReadonlyMap<string, SharedValue>
}

const GRADE_RANK: Record<IdentifierGrade, number> = { verified: 0, channel: 1, record: 2, stated: 3 }

/**
 * Stronger evidence is considered first; a constraint can only refuse the weaker. Delivered
 * identifiers outrank records, records outrank a quoted reference, and a customer's own
 * statement outranks only a probabilistic match.
 */
function strength(via: EvidenceEdge['via'], grade: IdentifierGrade | undefined): number {
  if (via === 'link') return 0
  if (via === 'about') return 1
  if (via === 'identifier') return grade === 'stated' ? 6 : 2 + GRADE_RANK[grade ?? 'channel']
  return via === 'reference' ? 5 : 7
}

/**
 * A profile's id is its earliest event's, so it survives merges into later people and splits that keep that event.
 * @example profileIdFor('evt_4053efcd') // 'prf_4053efcd'
 */
export function profileIdFor(earliestEventId: string): string {
  return `prf_${earliestEventId.startsWith('evt_') ? earliestEventId.slice(4) : earliestEventId}`
}

/**
 * The identifier keys of an event that are not placeholders under the rules.
 * @example usableKeys(event) // ['email:ann@example.com']
 */
export function usableKeys(event: CustomerEvent, rules: IdentityRules = {}): string[] {
  return event.identifiers.filter((id) => !isPlaceholder(id, rules.placeholders)).map(identifierKey)
}

interface Holding {
  readonly kind: IdentifierKind
  readonly value: string
  readonly members: { i: number; grade: IdentifierGrade }[]
}


/**
 * Resolves a region of the identity graph into profiles, with everything it refused. The
 * result is a function of the sets of events, links and rules only:
 * 1. each identifier value is judged usable or shared from the events holding it;
 * 2. edges are sorted by strength, then by the later of their two events, then by a stable key;
 * 3. edges are added Kruskal-style, skipping any that would join two events of a `different`
 *    link, exceed a per-kind limit, put two values of a unique kind together, or let a stated
 *    identifier bridge two sides holding different delivered values of its kind.
 * Without any constraint in the region, step 3 is plain union-find.
 * @param events every event of the region (closed under evidence, see `recomputeRegion`)
 * @param links recorded decisions touching those events
 * @example resolveRegionDetailed(events, links, { limits: { email: 3 } }).profiles
 */
export function resolveRegionDetailed(
  events: readonly CustomerEvent[],
  links: readonly Link[],
  rules: IdentityRules = {},
  options: ResolveRegionOptions = {},
): RegionResolution {
  const resolved = resolveRules(rules)
  const blocked = new Set(options.blockedKeys ?? [])
  const sorted = [...events].sort(compareEvents)
  const index = new Map(sorted.map((event, i) => [event.id, i]))
  const at = (i: number) => sorted[i] as CustomerEvent

  const holdings = new Map<string, Holding>()
  // The key of each identifier of each event, built once: the checks below look them up again.
  const keysAt: string[][] = []
  sorted.forEach((event, i) => {
    const keys: string[] = []
    for (const id of event.identifiers) {
      const key = identifierKey(id)
      keys.push(key)
      const holding = holdings.get(key)
      if (holding) holding.members.push({ i, grade: id.grade })
      else holdings.set(key, { kind: id.kind, value: id.value, members: [{ i, grade: id.grade }] })
    }
    keysAt.push(keys)
  })

  const edges: Edge[] = []
  // Every edge has the same fields (absent ones undefined), so that V8 keeps one object shape for all.
  const push = (x: number, y: number, via: EvidenceEdge['via'], key: string | undefined, grade: IdentifierGrade | undefined, kind: IdentifierKind | undefined, link?: Link) => {
    const lo = x < y ? x : y
    const hi = x < y ? y : x
    const edge: Edge = { via, key, grade, linkId: link?.id, score: link?.score, a: at(lo).id, b: at(hi).id, lo, hi, rank: strength(via, grade), kind }
    edges.push(edge)
  }
  const shared: SharedValue[] = []
  const usable = new Set<string>()
  const warnings: IdentityWarning[] = []
  const statedRefusals: RefusedEdge[] = []
  // Default sort order is compareText's (UTF-16 code units), and keys are distinct.
  for (const key of [...holdings.keys()].sort()) {
    const holding = holdings.get(key) as Holding
    const total = options.holderCounts?.get(key) ?? 0
    const judged = options.verdicts?.get(key)
    if (!judged && total <= resolved.maxHolderEvents && holding.members.length === 1 && holding.kind !== 'reference') {
      // One holder: only the value itself can make it shared, and a lone value is never reported.
      if (!staticRefusal(holding.kind, holding.value, resolved, blocked)) usable.add(key)
      continue
    }
    const verdict =
      judged ??
      (total > resolved.maxHolderEvents
        ? { key, reason: 'too_many_holders' as const, detail: `${key} is held by ${total} events (limit ${resolved.maxHolderEvents})`, holders: total }
        : detectSharedValue(holding.kind, holding.value, holding.members.map((m) => at(m.i)), resolved, blocked))
    if (verdict) {
      if (holding.members.length > 1 || holding.kind === 'reference') shared.push(verdict)
      continue
    }
    usable.add(key)
    if (holding.members.length < 2) continue
    if (holding.members.length > resolved.giantValue) {
      const different = differentHolders(holding.kind, holding.value, holding.members.map((m) => at(m.i)), resolved, blocked)
      const message = `${key} joins ${holding.members.length} events from ${different} different holder${different === 1 ? '' : 's'}; if they are not one person (a placeholder, a shared line), add it to placeholders or lower shared.maxHolders`
      warnings.push({ code: 'giant_value', key, events: holding.members.length, message })
    }
    const isReference = holding.kind === 'reference'
    // Strongest holder first; a star around it plus a chain along the rest, 2n edges rather than n²,
    // so that a holder refused by one side can still join the others.
    const members = [...holding.members].sort((x, y) =>
      isReference ? Number(at(y.i).type === 'record') - Number(at(x.i).type === 'record') || x.i - y.i : GRADE_RANK[x.grade] - GRADE_RANK[y.grade] || x.i - y.i,
    )
    const hub = members[0] as { i: number; grade: IdentifierGrade }
    const seen = new Set<number>()
    for (let n = 1; n < members.length; n++) {
      const m = members[n] as typeof hub
      for (let side = 0; side < 2; side++) {
        const other = side === 0 ? hub : (members[n - 1] as typeof hub)
        const pair = Math.min(m.i, other.i) * sorted.length + Math.max(m.i, other.i)
        if (seen.has(pair) || m.i === other.i) continue
        seen.add(pair)
        const grade = GRADE_RANK[m.grade] > GRADE_RANK[other.grade] ? m.grade : other.grade
        if (grade === 'stated' && !isReference) {
          const [x, y] = [eventName(at(other.i)), eventName(at(m.i))]
          if (x !== undefined && y !== undefined && !namesCompatible(x, y)) {
            const [lo, hi] = other.i < m.i ? [other.i, m.i] : [m.i, other.i]
            const detail = `a stated ${holding.kind} cannot join "${x}" and "${y}", whose names differ`
            statedRefusals.push({ via: 'identifier', key, grade, a: at(lo).id, b: at(hi).id, reason: 'stated_conflict', detail })
            continue
          }
        }
        if (isReference) push(other.i, m.i, 'reference', key, undefined, holding.kind)
        else push(other.i, m.i, 'identifier', key, grade, holding.kind)
      }
    }
  }
  sorted.forEach((event, i) => {
    const about = event.about === undefined ? undefined : index.get(event.about)
    if (about !== undefined) push(about, i, 'about', `about:${event.about}`, undefined, undefined)
  })
  const forbidden = new Map<number, Set<number>>()
  for (const link of links) {
    const a = index.get(link.a)
    const b = index.get(link.b)
    if (a === undefined || b === undefined || a === b) continue
    if (link.kind === 'same') {
      push(a, b, link.origin === 'match' ? 'match' : 'link', undefined, undefined, undefined, link)
    } else {
      for (const [x, y] of [[a, b], [b, a]] as const) forbidden.set(x, (forbidden.get(x) ?? new Set()).add(y))
    }
  }
  sortEdges(edges, sorted.length)

  // Plain connectivity first: only the groups where some constraint could bite pay for the checks.
  const loose = new UnionFind(sorted.length)
  for (const edge of edges) loose.union(edge.lo, edge.hi)
  const checkedGroups = groupsNeedingChecks(sorted, keysAt, usable, edges, forbidden, loose, resolved)
  const components = new Map<number, Component>()
  const componentOf = (root: number): Component => {
    let component = components.get(root)
    if (!component) {
      component = { members: [root], cannot: new Set(forbidden.get(root) ?? []), values: new Map(), strong: new Map() }
      const keys = keysAt[root] as string[]
      const { identifiers } = at(root)
      for (let n = 0; n < identifiers.length; n++) {
        const id = identifiers[n] as CustomerEvent['identifiers'][number]
        if (!usable.has(keys[n] as string) || id.kind === 'reference') continue
        add(component.values, limitScope(id.kind, id.value, resolved), id.value)
        if (id.grade !== 'stated') add(component.strong, id.kind, id.value)
      }
      components.set(root, component)
    }
    return component
  }

  const sets = new UnionFind(sorted.length)
  const evidence: EvidenceEdge[] = []
  const refused: RefusedEdge[] = [...statedRefusals]
  for (const edge of edges) {
    const ra = sets.find(edge.lo)
    const rb = sets.find(edge.hi)
    if (ra === rb) continue
    if (checkedGroups.has(loose.find(edge.lo))) {
      const ca = componentOf(ra)
      const cb = componentOf(rb)
      const refusal = refusalOf(edge, edge.kind, ca, cb, resolved)
      if (refusal) {
        refused.push({ ...evidenceOf(edge), ...refusal })
        continue
      }
      const root = sets.union(ra, rb)
      const [big, small] = root === ra ? [ca, cb] : [cb, ca]
      // Union by size keeps `root` the larger side, so appending the smaller stays near-linear.
      for (const m of small.members) big.members.push(m)
      for (const c of small.cannot) big.cannot.add(c)
      for (const [scope, values] of small.values) for (const v of values) add(big.values, scope, v)
      for (const [k, values] of small.strong) for (const v of values) add(big.strong, k, v)
      components.set(root, big)
      components.delete(root === ra ? rb : ra)
    } else {
      sets.union(ra, rb)
    }
    evidence.push(evidenceOf(edge))
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
    const id = profileIdFor(at(group[0] as number).id)
    const eventIds = group.map((i) => at(i).id)
    for (const eventId of eventIds) profileOf.set(eventId, id)
    return { id, eventIds: [...eventIds].sort(compareText), evidence: [] as EvidenceEdge[] }
  })
  const byId = new Map(profiles.map((p) => [p.id, p]))
  for (const edge of evidence) byId.get(profileOf.get(edge.a) as string)?.evidence.push(edge)
  const sharedReports = shared.map((value) => {
    const holders = holdings.get(value.key)?.members ?? []
    const holderIds = holders.map((m) => at(m.i).id)
    return { ...value, people: new Set(holderIds.map((id) => profileOf.get(id))).size, holderIds }
  })
  return { profiles: profiles.sort((x, y) => compareText(x.id, y.id)), refused, shared: sharedReports, warnings }
}

/**
 * The evidence an edge records, with only the fields its kind has, in the order they were always
 * written (`via`, then `key` and `grade` or `linkId` and `score`, then `a`, `b`): stored evidence
 * text stays the same.
 */
function evidenceOf(edge: Edge): EvidenceEdge {
  const { via, a, b } = edge
  if (edge.linkId !== undefined) return edge.score === undefined ? { via, linkId: edge.linkId, a, b } : { via, linkId: edge.linkId, score: edge.score, a, b }
  return edge.grade === undefined ? { via, key: edge.key as string, a, b } : { via, key: edge.key as string, grade: edge.grade, a, b }
}

/**
 * Resolves a region into profiles; see {@link resolveRegionDetailed} for what is refused and why.
 * @example resolveRegion(events, []).map((p) => p.id)
 */
export function resolveRegion(
  events: readonly CustomerEvent[],
  links: readonly Link[],
  rules: IdentityRules = {},
  options: ResolveRegionOptions = {},
): ResolvedProfile[] {
  return [...resolveRegionDetailed(events, links, rules, options).profiles]
}
