/**
 * Optimal-string-alignment (restricted Damerau–Levenshtein) distance: insertions, deletions,
 * substitutions and transpositions of adjacent characters each cost 1.
 *
 * With `maxDistance`, the computation stops as soon as every cell of a row exceeds it and
 * returns `maxDistance + 1`: callers that only ask "within 1 edit?" pay for one or two rows.
 * @param a first string
 * @param b second string
 * @param maxDistance stop early beyond this distance; default unbounded
 * @returns the distance, or `maxDistance + 1` when it is larger than `maxDistance`
 * @example damerauLevenshtein('19810523', '19810253') // 1 (adjacent transposition)
 */
export function damerauLevenshtein(a: string, b: string, maxDistance = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0
  const la = a.length
  const lb = b.length
  if (Math.abs(la - lb) > maxDistance) return maxDistance + 1
  if (la === 0) return lb
  if (lb === 0) return la
  // Three rolling rows: two back is needed for the transposition case.
  let prev2 = new Int32Array(lb + 1)
  let prev = new Int32Array(lb + 1)
  let curr = new Int32Array(lb + 1)
  for (let j = 0; j <= lb; j++) prev[j] = j
  for (let i = 1; i <= la; i++) {
    curr[0] = i
    let rowMin = i
    const ca = a.charCodeAt(i - 1)
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1)
      const cost = ca === cb ? 0 : 1
      let v = Math.min((prev[j] as number) + 1, (curr[j - 1] as number) + 1, (prev[j - 1] as number) + cost)
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, (prev2[j - 2] as number) + 1)
      }
      curr[j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > maxDistance) return maxDistance + 1
    const spare = prev2
    prev2 = prev
    prev = curr
    curr = spare
  }
  const d = prev[lb] as number
  return d > maxDistance ? maxDistance + 1 : d
}
