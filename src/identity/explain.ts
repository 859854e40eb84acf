import type { EvidenceEdge, StoredProfile } from '../store/index.js'

/** Why two events are one person: the chain of evidence from one to the other. */
export interface MergeExplanation {
  readonly profileId: string
  readonly from: string
  readonly to: string
  /** Each step joins two events; read in order, it leads from `from` to `to`. */
  readonly path: readonly EvidenceStep[]
}

export interface EvidenceStep extends EvidenceEdge {
  /** The step in words: "both hold email:ann@example.com". */
  readonly reason: string
}

/** Describes one piece of evidence for a person reading the explanation. */
export function describeEvidence(edge: EvidenceEdge): string {
  switch (edge.via) {
    case 'identifier':
      return `both hold ${edge.key}`
    case 'about':
      return `one is about the other (${edge.key})`
    case 'link':
      return `linked by a recorded decision ${edge.linkId ?? ''}`.trim()
    case 'reference':
      return `both quote ${edge.key}`
    case 'match':
      return `probabilistic match${edge.score === undefined ? '' : ` with weight ${edge.score.toFixed(2)}`}`
  }
}

/**
 * The evidence path between two events of one profile: a walk through its evidence forest.
 * @returns the path, or `null` when the events are not joined in this profile
 */
export function explainPath(profile: StoredProfile, from: string, to: string): MergeExplanation | null {
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
