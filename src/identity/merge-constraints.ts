import { type CustomerEvent, type IdentifierGrade, type IdentifierKind } from '../events/index.js'
import type { EvidenceEdge } from '../store/index.js'
import { limitScope, type ResolvedRules, scopeLimit } from './identity-rules.js'
import type { UnionFind } from './union-find.js'

/** Why an edge was not used although both sides held the evidence. */
export type RefusalReason = 'cannot_link' | 'limit' | 'unique' | 'stated_conflict'

/** An evidence edge while resolving: its strength rank and the positions of its events in time order. */
export interface Edge {
  readonly via: EvidenceEdge['via']
  readonly a: string
  readonly b: string
  // Fields an edge's kind lacks may be present as `undefined` (see `resolveRegionDetailed`).
  readonly key?: string | undefined
  readonly grade?: IdentifierGrade | undefined
  readonly linkId?: string | undefined
  readonly score?: number | undefined
  readonly rank: number
  readonly lo: number
  readonly hi: number
  readonly kind?: IdentifierKind | undefined
}

/** What a growing component holds, for the checks that may refuse joining it. */
export interface Component {
  members: number[]
  cannot: Set<number>
  values: Map<string, Set<string>>
  strong: Map<string, Set<string>>
}

/** Adds a value to the set kept under `key`. */
export function limitAdd(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key)
  if (set) set.add(value)
  else map.set(key, new Set([value]))
}

/**
 * The groups (roots of plain connectivity) where a cannot-link, a limit or the stated rule could
 * refuse an edge. Everywhere else union-find alone decides.
 */
export function groupsNeedingChecks(
  sorted: readonly CustomerEvent[],
  keysAt: readonly (readonly string[])[],
  usable: ReadonlySet<string>,
  edges: readonly Edge[],
  forbidden: ReadonlyMap<number, ReadonlySet<number>>,
  loose: UnionFind,
  rules: ResolvedRules,
): Set<number> {
  const checked = new Set<number>()
  for (const [x, ys] of forbidden) for (const y of ys) if (loose.find(x) === loose.find(y)) checked.add(loose.find(x))
  const values = new Map<number, Map<string, Set<string>>>()
  const strong = new Map<number, Map<string, Set<string>>>()
  sorted.forEach((event, i) => {
    const root = loose.find(i)
    if (checked.has(root)) return
    const keys = keysAt[i] as readonly string[]
    for (let n = 0; n < event.identifiers.length; n++) {
      const id = event.identifiers[n] as CustomerEvent['identifiers'][number]
      if (id.kind === 'reference' || !usable.has(keys[n] as string)) continue
      const scope = limitScope(id.kind, id.value, rules)
      const group = values.get(root) ?? new Map<string, Set<string>>()
      values.set(root, group)
      limitAdd(group, scope, id.value)
      if ((group.get(scope)?.size ?? 0) > scopeLimit(id.kind, rules)) checked.add(root)
      if (id.grade !== 'stated') {
        const strongGroup = strong.get(root) ?? new Map<string, Set<string>>()
        strong.set(root, strongGroup)
        limitAdd(strongGroup, id.kind, id.value)
      }
    }
  })
  for (const edge of edges) {
    if (edge.grade !== 'stated' || edge.kind === undefined) continue
    const root = loose.find(edge.lo)
    if ((strong.get(root)?.get(edge.kind)?.size ?? 0) > 1) checked.add(root)
  }
  return checked
}

export function refusalOf(
  edge: Edge,
  kind: IdentifierKind | undefined,
  a: Component,
  b: Component,
  rules: ResolvedRules,
): { reason: RefusalReason; detail: string } | undefined {
  const [small, large] = a.members.length < b.members.length ? [a, b] : [b, a]
  if (small.members.some((m) => large.cannot.has(m))) {
    return { reason: 'cannot_link', detail: 'a recorded decision says these events are different people' }
  }
  // A person's own decision (a manual or reviewed link) outranks the limits.
  if (edge.via === 'link') return undefined
  for (const [scope, values] of small.values) {
    const other = large.values.get(scope)
    if (!other) continue
    let union = other.size
    for (const v of values) if (!other.has(v)) union++
    const scopeKind = scope.split(':')[0] as IdentifierKind
    const limit = scopeLimit(scopeKind, rules)
    if (union > limit && union > Math.max(values.size, other.size)) {
      const unique = rules.uniqueKinds.has(scopeKind)
      const detail = unique
        ? `${scope} is unique per person, and the two sides hold ${[...values, ...other].filter((v, i, all) => all.indexOf(v) === i).sort().join(' and ')}`
        : `joining would give ${union} ${scope} values, over the limit of ${limit}`
      return { reason: unique ? 'unique' : 'limit', detail }
    }
  }
  if (edge.grade === 'stated' && kind !== undefined) {
    const x = a.strong.get(kind)
    const y = b.strong.get(kind)
    if (x && y && ![...x].some((v) => y.has(v))) {
      return { reason: 'stated_conflict', detail: `a stated ${kind} cannot join two sides that were each delivered a different ${kind}` }
    }
  }
  return undefined
}
