/**
 * Jaro–Winkler similarity of two strings, in [0, 1], 1 meaning equal.
 * Uses the standard prefix scale 0.1 over at most 4 leading characters, applied only when the
 * Jaro similarity already exceeds 0.7 (Winkler's boost threshold), so short unrelated strings
 * sharing a first letter are not lifted.
 * @param a first string
 * @param b second string
 * @returns the similarity; 0 when either string is empty and the other is not
 * @example jaroWinkler('martha', 'marhta') // ≈ 0.961
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1
  const la = a.length
  const lb = b.length
  if (la === 0 || lb === 0) return 0
  // Always scan with the shorter string outside so the result does not depend on argument order.
  if (la > lb) return jaroWinkler(b, a)
  const window = Math.max(0, Math.floor(lb / 2) - 1)
  const matchedB = new Uint8Array(lb)
  const matchedA = new Uint8Array(la)
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
