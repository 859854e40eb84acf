// Reused across calls: the matcher compares millions of pairs and must not allocate per call.
let scratchA = new Uint8Array(64)
let scratchB = new Uint8Array(64)

/**
 * Jaro–Winkler similarity of two strings, in [0, 1], 1 meaning equal.
 * Uses the standard prefix scale 0.1 over at most 4 leading characters, applied only when the
 * Jaro similarity already exceeds 0.7 (Winkler's boost threshold), so short unrelated strings
 * sharing a first letter are not lifted.
 * @param a first string
 * @param b second string
 * @param minimum when given, a pair that provably cannot reach it returns 0 after a cheap
 *   character count instead of the full computation
 * @returns the similarity; 0 when either string is empty and the other is not
 * @example jaroWinkler('martha', 'marhta') // ≈ 0.961
 */
export function jaroWinkler(a: string, b: string, minimum = 0): number {
  if (a === b) return 1
  const la = a.length
  const lb = b.length
  if (la === 0 || lb === 0) return 0
  // Always scan with the shorter string outside so the result does not depend on argument order.
  if (la > lb) return jaroWinkler(b, a, minimum)
  if (minimum > 0 && upperBound(a, b) < minimum) return 0
  const window = Math.max(0, Math.floor(lb / 2) - 1)
  if (scratchA.length < la) scratchA = new Uint8Array(la * 2)
  if (scratchB.length < lb) scratchB = new Uint8Array(lb * 2)
  const matchedA = scratchA.fill(0, 0, la)
  const matchedB = scratchB.fill(0, 0, lb)
  let matches = 0
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window)
    const hi = Math.min(lb - 1, i + window)
    const ca = a.charCodeAt(i)
    for (let j = lo; j <= hi; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === ca) {
        matchedB[j] = 1
        matchedA[i] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let transpositions = 0
  let k = 0
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue
    while (matchedB[k] === 0) k++
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++
    k++
  }
  const m = matches
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3
  if (jaro <= 0.7) return jaro
  let prefix = 0
  const maxPrefix = Math.min(4, la)
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  return jaro + prefix * 0.1 * (1 - jaro)
}

const counts = new Int32Array(65536)

// Matches cannot exceed the shared character counts; with no transpositions and the actual
// common prefix that bounds Jaro–Winkler from above.
function upperBound(a: string, b: string): number {
  let prefix = 0
  const maxPrefix = Math.min(4, a.length, b.length)
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i)
    counts[c] = (counts[c] as number) + 1
  }
  let common = 0
  for (let j = 0; j < b.length; j++) {
    const c = b.charCodeAt(j)
    if ((counts[c] as number) > 0) {
      counts[c] = (counts[c] as number) - 1
      common++
    }
  }
  for (let i = 0; i < a.length; i++) counts[a.charCodeAt(i)] = 0
  const jaro = (common / a.length + common / b.length + 1) / 3
  return jaro <= 0.7 ? jaro : jaro + prefix * 0.1 * (1 - jaro)
}
