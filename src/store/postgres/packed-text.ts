/**
 * Lists of strings sent as one text parameter, joined by a separator character that the server
 * splits with `string_to_array($n, $sep)`. node-postgres escapes a `text[]` parameter element by
 * element and the server unescapes it again; a joined string costs neither, and a document
 * (JSON text) travels as it is. The separator of ids and keys is a character that occurs in none
 * of them, found per statement; documents get their own separator ({@link jsonList}).
 *
 * `string_to_array('', sep)` is an empty array, so a list of one empty string cannot be told
 * from an empty list: only pack values that are never empty (ids, keys, timestamps, JSON text),
 * or `''` standing for NULL where a missing element reads as NULL too.
 */

/** Separates JSON texts alone: `JSON.stringify` escapes every control character. */
export const CONTROL_SEPARATOR = '\u001e'

/** What `JSON.stringify` writes between two documents of an array when a lone U+001E string stands between them. */
const MARKED_GAP = ',"\\u001e",'

/**
 * The JSON texts of `docs` in one string, and the separator the server splits it by. One
 * `JSON.stringify` of the documents with a marker string between each two measured faster than
 * one call per document (V8 builds a single string); the separator is then the text the marker
 * makes with its commas. A document holding that text itself (an array with a lone U+001E
 * string in it) would split wrongly, so the count is checked and such a batch goes per document.
 * @example jsonList([{ a: 1 }, [2]]) // { text: '{"a":1},"\\u001e",[2]', separator: ',"\\u001e",' }
 */
export function jsonList(docs: readonly unknown[]): { text: string; separator: string } {
  const marked: unknown[] = []
  for (const doc of docs) marked.push(doc, CONTROL_SEPARATOR)
  marked.pop()
  const whole = JSON.stringify(marked)
  const text = whole.slice(1, -1)
  let gaps = 0
  for (let at = text.indexOf(MARKED_GAP); at >= 0; at = text.indexOf(MARKED_GAP, at + MARKED_GAP.length)) gaps++
  if (gaps === docs.length - 1) return { text, separator: MARKED_GAP }
  return { text: docs.map((doc) => JSON.stringify(doc) ?? 'null').join(CONTROL_SEPARATOR), separator: CONTROL_SEPARATOR }
}

/** Candidates in order of preference: unit and record separators, other controls, then private-use characters. */
const CONTROL_CANDIDATES = [0x1e, 0x1f, 0x1d, 0x1c, ...range(0x01, 0x08), ...range(0x0e, 0x1b)]
const PRIVATE_USE = range(0xe000, 0xf8ff)

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}

/**
 * Separators for one statement: `count` distinct characters that occur in no value of `lists`.
 * @throws Error when the values use every candidate (they would have to hold all 6,400 private-use characters)
 * @example separators(1, [ids]) // ['\u001e'] unless an id holds one
 */
export function separators(count: number, lists: readonly (readonly (string | null | undefined)[])[]): string[] {
  const used = new Set<number>()
  for (const list of lists) {
    for (const value of list) {
      // Only values that hold a candidate are scanned character by character.
      if (!value || !/[\u0001-\u0008\u000e-\u001f\ue000-\uf8ff]/.test(value)) continue
      for (let i = 0; i < value.length; i++) used.add(value.charCodeAt(i))
    }
  }
  const chosen: string[] = []
  for (const code of [...CONTROL_CANDIDATES, ...PRIVATE_USE]) {
    if (chosen.length === count) break
    if (!used.has(code)) chosen.push(String.fromCharCode(code))
  }
  if (chosen.length < count) throw new Error('no separator character is free: the values use every candidate')
  return chosen
}
