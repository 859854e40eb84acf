import { jaroWinkler } from './jaro-winkler.js'

/**
 * Similarity of two bags of name tokens regardless of order: the share of the smaller bag's
 * tokens that find a fuzzy partner (Jaro–Winkler ≥ `threshold`) in the other bag, each partner
 * used once. "anna maria lee" and "lee anna" score 1: names swapped between given and family
 * fields, or a dropped middle name, still agree.
 * @param a tokens of the first name
 * @param b tokens of the second name
 * @param threshold Jaro–Winkler similarity that counts as the same token; default 0.92
 * @returns a share in [0, 1]; 0 when either bag is empty
 * @example tokenSetSimilarity(['smith', 'john'], ['jon', 'smith']) // 1
 */
export function tokenSetSimilarity(a: readonly string[], b: readonly string[], threshold = 0.92): number {
  const [small, large] = a.length <= b.length ? [a, b] : [b, a]
  if (small.length === 0) return 0
  const used = new Uint8Array(large.length)
  let found = 0
  for (const token of small) {
    let best = -1
    let bestScore = threshold
    for (let j = 0; j < large.length; j++) {
      if (used[j] === 1) continue
      const score = jaroWinkler(token, large[j] as string)
      if (score >= bestScore) {
        best = j
        bestScore = score
      }
    }
    if (best >= 0) {
      used[best] = 1
      found++
    }
  }
  return found / small.length
}
