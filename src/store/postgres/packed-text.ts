/**
 * Lists of strings sent as one text parameter, joined by a separator character that the server
 * splits with `string_to_array($n, $sep)`. node-postgres escapes a `text[]` parameter element by
 * element and the server unescapes it again; a joined string costs neither, and a document
 * (JSON text) travels as it is. The separator is a character that occurs in none of the values,
 * found per statement; JSON text from `JSON.stringify` never holds a raw control character, so
 * only the other values need checking while the separator is one.
 *
 * `string_to_array('', sep)` is an empty array, so a list of one empty string cannot be told
 * from an empty list: only pack values that are never empty (ids, keys, timestamps, JSON text),
 * or `''` standing for NULL where a missing element reads as NULL too.
 */

/** Separates JSON texts alone: `JSON.stringify` escapes every control character. */
export const CONTROL_SEPARATOR = '\u001e'

/** Candidates in order of preference: unit and record separators, other controls, then private-use characters. */
const CONTROL_CANDIDATES = [0x1e, 0x1f, 0x1d, 0x1c, ...range(0x01, 0x08), ...range(0x0e, 0x1b)]
const PRIVATE_USE = range(0xe000, 0xf8ff)

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}

/**
 * Separators for one statement: `count` distinct characters that occur in no value of `plain`,
 * and no raw control character in `json` (JSON text, where they are always escaped) unless a
 * control character had to be given up for a private-use one.
 * @throws Error when the values use every candidate (they would have to hold all 6,400 private-use characters)
 * @example separators(1, [ids]) // ['\u001e'] unless an id holds one
 */
export function separators(count: number, plain: readonly (readonly (string | null | undefined)[])[], json: readonly string[][] = []): string[] {
  const used = new Set<number>()
  const scan = (value: string | null | undefined) => {
    if (!value) return
    // Only strings that hold one of the preferred candidates are scanned character by character.
    if (!/[\u0001-\u0008\u000e-\u001f\ue000-\uf8ff]/.test(value)) return
    for (let i = 0; i < value.length; i++) used.add(value.charCodeAt(i))
  }
  for (const list of plain) for (const value of list) scan(value)
  const chosen: string[] = []
  for (const code of CONTROL_CANDIDATES) {
    if (chosen.length === count) return chosen
    if (!used.has(code)) chosen.push(String.fromCharCode(code))
  }
  if (chosen.length === count) return chosen
  // Past the controls (values full of them): JSON text may hold private-use characters raw.
  for (const list of json) for (const value of list) scan(value)
  for (const code of PRIVATE_USE) {
    if (chosen.length === count) return chosen
    if (!used.has(code) && !chosen.includes(String.fromCharCode(code))) chosen.push(String.fromCharCode(code))
  }
  if (chosen.length === count) return chosen
  throw new Error('no separator character is free: the values use every candidate')
}
