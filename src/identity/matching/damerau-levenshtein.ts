// Reused across calls: the matcher compares millions of pairs and must not allocate per call.
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)]

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
  if (maxDistance === 1) return withinOneEdit(a, b) ? 1 : 2
  // Three rolling rows: two back is needed for the transposition case.
  if (rows[0].length < lb + 2) rows = [new Int32Array(lb * 2 + 1), new Int32Array(lb * 2 + 1), new Int32Array(lb * 2 + 1)]
  let [prev2, prev, curr] = rows
  // Only cells within `band` of the diagonal can stay within maxDistance (Ukkonen's cut-off).
  const band = Math.min(Math.max(la, lb), maxDistance)
  const FAR = la + lb + 1
  for (let j = 0; j <= lb; j++) prev[j] = j <= band ? j : FAR
  for (let i = 1; i <= la; i++) {
    const from = Math.max(1, i - band)
    const to = Math.min(lb, i + band)
    curr[from - 1] = from === 1 ? i : FAR
    if (to < lb) curr[to + 1] = FAR
    let rowMin = from === 1 ? i : FAR
    const ca = a.charCodeAt(i - 1)
    for (let j = from; j <= to; j++) {
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

// Whether two different strings are one edit apart (a substitution, an insertion or deletion, or
// two adjacent characters swapped): the question most comparisons ask, answered in one scan
// from the first difference instead of a table.
function withinOneEdit(a: string, b: string): boolean {
  const la = a.length
  const lb = b.length
  let k = 0
  const shorter = Math.min(la, lb)
  while (k < shorter && a.charCodeAt(k) === b.charCodeAt(k)) k++
  if (la === lb) {
    if (sameFrom(a, k + 1, b, k + 1)) return true
    return k + 1 < la && a.charCodeAt(k) === b.charCodeAt(k + 1) && a.charCodeAt(k + 1) === b.charCodeAt(k) && sameFrom(a, k + 2, b, k + 2)
  }
  return la > lb ? sameFrom(a, k + 1, b, k) : sameFrom(a, k, b, k + 1)
}

function sameFrom(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false
  return true
}
