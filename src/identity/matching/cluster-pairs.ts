/** A pair that scored at or above the review threshold, by record index. */
export interface ScoredPair {
  readonly left: number
  readonly right: number
  readonly score: number
}

export interface ClusterPairsOptions {
  readonly mergeThreshold: number
  /** A merge is refused when any pair across the two clusters scores below this. */
  readonly separationThreshold: number
  /** Scores any two records by index; used for the cross pairs a merge would create. */
  readonly scoreOf: (left: number, right: number) => number
}

/** The outcome of clustering: a root per record and which pairs were merged or refused. */
export interface Clustering {
  /** For each record index, the smallest record index of its cluster. */
  readonly clusterOf: Int32Array
  /** Per pair (in the order given): true when its two records end in one cluster. */
  readonly merged: Uint8Array
  readonly refusedMerges: number
}

/**
 * Builds clusters Kruskal-style: pairs in descending score order (ties by indices, so the
 * order is canonical), merging two clusters only when the linking pair reaches the merge
 * threshold AND no record of one cluster scores below `separationThreshold` against any record
 * of the other. The guard stops chains of individually plausible links (A~B, B~C) from fusing
 * clearly different people (A≁C) into one giant cluster.
 * @param count number of records
 * @param pairs candidate pairs worth considering
 * @returns the cluster of each record and each pair's fate
 * @example clusterPairs(3, [{ left: 0, right: 1, score: 12 }], { mergeThreshold: 6, separationThreshold: -4, scoreOf })
 */
export function clusterPairs(count: number, pairs: readonly ScoredPair[], options: ClusterPairsOptions): Clustering {
  const order = pairs.map((_, k) => k)
  order.sort((x, y) => {
    const a = pairs[x] as ScoredPair
    const b = pairs[y] as ScoredPair
    return b.score - a.score || a.left - b.left || a.right - b.right
  })
  const parent = Int32Array.from({ length: count }, (_, i) => i)
  const members: (number[] | undefined)[] = []
  const find = (i: number): number => {
    let root = i
    while (parent[root] !== root) root = parent[root] as number
    let node = i
    while (parent[node] !== root) {
      const next = parent[node] as number
      parent[node] = root
      node = next
    }
    return root
  }
  const membersOf = (root: number): number[] => members[root] ?? [root]
  let refusedMerges = 0
  for (const k of order) {
    const pair = pairs[k] as ScoredPair
    if (pair.score < options.mergeThreshold) break
    const ra = find(pair.left)
    const rb = find(pair.right)
    if (ra === rb) continue
    const a = membersOf(ra)
    const b = membersOf(rb)
    if (!separated(a, b, options)) {
      // The smaller index becomes the root, so a cluster's root is its smallest member.
      const [root, child] = ra < rb ? [ra, rb] : [rb, ra]
      parent[child] = root
      members[root] = a.concat(b)
      members[child] = undefined
    } else refusedMerges++
  }
  const clusterOf = Int32Array.from({ length: count }, (_, i) => find(i))
  const merged = Uint8Array.from(pairs, (pair) => (clusterOf[pair.left] === clusterOf[pair.right] ? 1 : 0))
  return { clusterOf, merged, refusedMerges }
}

function separated(a: readonly number[], b: readonly number[], options: ClusterPairsOptions): boolean {
  // Singletons joined by a merge-grade pair have nothing else to check.
  if (a.length === 1 && b.length === 1) return false
  for (const x of a) {
    for (const y of b) {
      const score = x < y ? options.scoreOf(x, y) : options.scoreOf(y, x)
      if (score < options.separationThreshold) return true
    }
  }
  return false
}
