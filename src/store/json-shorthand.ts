/**
 * Fragments that recur in every stored event, profile document and evidence edge: field names
 * with their punctuation, mostly. Each is written as one control character (U+0001 upwards).
 * JSON text never holds a raw control character (`JSON.stringify` escapes U+0000 to U+001F), so
 * the mapping is lossless, and the text stays one byte per character in V8. At most 31 entries.
 */
const FRAGMENTS = [
  ',"grade":"',
  ',"value":"',
  '{"kind":"',
  ',"identifiers":[',
  ',"eventId":"',
  ',"source":"',
  ',"lastSeenAt":"',
  ',"id":"',
  ',"occurredAt":"',
  ',"firstSeenAt":"',
  ',"traits":{',
  ',"direction":"',
  ',"channel":"',
  ',"revision":',
  ',"at":"',
  ',"source":{"system":"',
  ',"content":{',
  ',"actor":{"role":"',
  ',"thread":{',
  ',"format":"',
  ',"events":',
  '{"type":"',
  ',"name":"',
  '"messageId":"',
  ',"preferredChannel":{',
  '"subject":"',
  ',"doNotContact":',
  ',"rule":"',
  '{"via":"identifier","key":"',
  ',"eventCount":',
  '"durationSeconds":',
] as const

const CODES = FRAGMENTS.map((_, i) => String.fromCharCode(i + 1))
/**
 * A number naming each fragment by its length and third and fourth characters (distinct for
 * every fragment, checked at load), so that finding a match's code hashes no string.
 */
const slotOf = (fragment: string) => (fragment.length * 128 + fragment.charCodeAt(2)) * 128 + fragment.charCodeAt(3)
const CODE_OF = new Map<number, string>(FRAGMENTS.map((fragment, i) => [slotOf(fragment), CODES[i] as string]))
if (CODE_OF.size !== FRAGMENTS.length) throw new Error('json-shorthand: two fragments share a slot')
/** Fragments by the char code that stands for them. */
const FRAGMENT_OF: readonly string[] = ['', ...FRAGMENTS]
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
// Longer first, so that a fragment never hides a longer one starting at the same place.
const FRAGMENT_PATTERN = new RegExp([...FRAGMENTS].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g')
const CODE_PATTERN = /[\u0001-\u001f]/g

/**
 * The JSON text of `value` with its frequent fragments shortened, as one flat string: about a
 * third shorter than the JSON of an event or a profile document.
 * @example parseShorthand(toShorthand({ kind: 'email', value: 'a@b.example' })) // { kind: 'email', value: 'a@b.example' }
 */
export function toShorthand(value: unknown): string {
  const text = JSON.stringify(value).replace(FRAGMENT_PATTERN, (fragment) => CODE_OF.get(slotOf(fragment)) as string)
  // V8 may hold a long result as a rope of pieces, a third larger than the text; converting it
  // to a number (NaN) makes V8 flatten it into one string.
  Number(text)
  return text
}

/** The value {@link toShorthand} wrote. */
export function parseShorthand(text: string): unknown {
  return JSON.parse(text.replace(CODE_PATTERN, (code) => FRAGMENT_OF[code.charCodeAt(0)] as string))
}
