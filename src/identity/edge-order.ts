import { compareText } from '../events/index.js'
import type { Edge } from './merge-constraints.js'

// The order Kruskal considers a region's edges in, and a fast sort by it.

const edgeText = (edge: Edge) => edge.key ?? edge.linkId ?? ''
/** The order Kruskal considers edges in; `sortEdges` sorts by it. Exported for tests. */
export const compareEdges = (x: Edge, y: Edge) => x.rank - y.rank || x.hi - y.hi || x.lo - y.lo || compareText(edgeText(x), edgeText(y))

/**
 * Sorts edges by strength, then the later event, then the earlier, then key text (`compareEdges`),
 * in place. (rank, hi, lo) packs into one integer, so the bulk of the work is a numeric typed-array
 * sort of `order * count + position` without a comparator call per comparison; runs of equal
 * order keep their input order, as the stable `Array.prototype.sort` did, and are then sorted
 * by key text. Regions too large for exact packing use the comparator.
 */
export function sortEdges(edges: Edge[], events: number): void {
  const count = edges.length
  const n = events + 1
  if (count < 2) return
  if (8 * n * n * count >= Number.MAX_SAFE_INTEGER) {
    edges.sort(compareEdges)
    return
  }
  const orderOf = (edge: Edge) => (edge.rank * n + edge.hi) * n + edge.lo
  const packed = new Float64Array(count)
  for (let i = 0; i < count; i++) packed[i] = orderOf(edges[i] as Edge) * count + i
  packed.sort()
  const out = Array.from(packed, (v) => edges[v % count] as Edge)
  let start = 0
  for (let i = 1; i <= count; i++) {
    if (i < count && orderOf(out[i] as Edge) === orderOf(out[start] as Edge)) continue
    if (i - start > 1) {
      const run = out.slice(start, i).sort((x, y) => compareText(edgeText(x), edgeText(y)))
      for (let j = start; j < i; j++) out[j] = run[j - start] as Edge
    }
    start = i
  }
  for (let i = 0; i < count; i++) edges[i] = out[i] as Edge
}
