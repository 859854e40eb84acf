import { doubleMetaphone } from 'double-metaphone'

/**
 * Primary and alternate Double Metaphone codes of one word (Lawrence Philips' algorithm, via
 * the MIT `double-metaphone` package). Names are compared by whether any code of one equals
 * any code of the other, so "Schmidt" and "Smith" meet on `XMT`.
 * @param word a normalized, lower-case word; spaces are removed first
 * @returns `[primary, alternate]`; both empty for an empty word
 * @example phoneticCode('smith') // ['SM0', 'XMT']
 */
export function phoneticCode(word: string): readonly [string, string] {
  const compact = word.replace(/[^a-z]/gu, '')
  if (compact.length === 0) return ['', '']
  const [primary, alternate] = doubleMetaphone(compact)
  return [primary, alternate]
}

/**
 * Whether two words sound alike: any Double Metaphone code of one equals any of the other.
 * @example soundsAlike('catherine', 'kathryn') // true
 */
export function soundsAlike(a: string, b: string): boolean {
  return phoneticCodesMeet(phoneticCode(a), phoneticCode(b))
}

/**
 * Same as {@link soundsAlike} on precomputed codes; empty codes never meet.
 * @example phoneticCodesMeet(phoneticCode('smith'), phoneticCode('schmidt')) // true
 */
export function phoneticCodesMeet(a: readonly [string, string], b: readonly [string, string]): boolean {
  if (a[0] === '' || b[0] === '') return false
  return a[0] === b[0] || a[0] === b[1] || a[1] === b[0] || a[1] === b[1]
}
