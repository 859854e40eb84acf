import { type PersonRecord, parseBirthDate } from './person-record.js'
import { phoneticCode } from './phonetic-code.js'

/**
 * A record prepared once for matching: every field normalized ('' when unknown) and the
 * derived keys that comparisons and blocking need, so the pair loop only reads strings.
 */
export interface NormalizedRecord {
  readonly id: string
  readonly givenName: string
  readonly familyName: string
  readonly birthDate: string
  readonly streetNumber: string
  readonly street: string
  readonly address2: string
  readonly city: string
  readonly postcode: string
  readonly state: string
  readonly email: string
  readonly phone: string
  readonly nationalId: string
  /** Double Metaphone codes of the given and family names. */
  readonly givenCodes: readonly [string, string]
  readonly familyCodes: readonly [string, string]
  /** Local part of the email, before `@`. */
  readonly emailLocal: string
}

/**
 * Normalizes free text for comparison: Unicode NFC, case-folded, apostrophes dropped (so
 * "O'Brien" is "obrien"), other punctuation turned into spaces, spaces collapsed.
 * @example normalizeText("  O'Brien-Smith, JR. ") // 'obrien smith jr'
 */
export function normalizeText(raw: string | undefined): string {
  if (raw === undefined) return ''
  if (isPlainWords(raw)) return raw.toLowerCase()
  return raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/['\u2019`]/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

// ASCII letters and digits in words separated by single spaces: already NFC, nothing to strip
// or collapse, so only the case changes. Most values are like this; the regex path is slow.
function isPlainWords(text: string): boolean {
  const length = text.length
  for (let k = 0; k < length; k++) {
    const c = text.charCodeAt(k)
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)) continue
    if (c === 32 && k > 0 && k < length - 1 && text.charCodeAt(k - 1) !== 32) continue
    return false
  }
  return true
}

/**
 * Digits only, keeping the last 10: country and trunk prefixes vary more than the subscriber part.
 * @example normalizePhoneDigits('+61 (2) 9876-5432') // '1298765432'
 */
export function normalizePhoneDigits(raw: string | undefined): string {
  if (raw === undefined) return ''
  const digits = raw.replace(/\D+/gu, '')
  return digits.length > 10 ? digits.slice(-10) : digits
}

/**
 * Prepares a record for matching. Done once per record: comparisons and blocking read only
 * the result. A full `name` fills given and family names when both are absent (first token
 * given, the rest family); a street that starts with a number fills `streetNumber` when that
 * is absent, so "221 E 51st St" and number "221" + street "e 51st st" compare alike.
 * @param record a validated {@link PersonRecord}
 * @returns the normalized record; unknown or unreadable values become ''
 * @example normalizeRecord({ id: '1', name: 'Ann LEE', birthDate: '23/05/1981' }).birthDate // '1981-05-23'
 */
export function normalizeRecord(record: PersonRecord): NormalizedRecord {
  return normalizeWith(record, phoneticCode)
}

/**
 * {@link normalizeRecord} over many records, computing each distinct name's phonetic codes
 * once (names repeat a lot, and Double Metaphone is the costly step).
 * @example normalizeRecords(records)[0]?.givenCodes
 */
export function normalizeRecords(records: readonly PersonRecord[]): NormalizedRecord[] {
  const codes = new Map<string, readonly [string, string]>()
  const cachedCode = (word: string): readonly [string, string] => {
    let code = codes.get(word)
    if (code === undefined) {
      code = phoneticCode(word)
      codes.set(word, code)
    }
    return code
  }
  return records.map((record) => normalizeWith(record, cachedCode))
}

function normalizeWith(record: PersonRecord, codeOf: (word: string) => readonly [string, string]): NormalizedRecord {
  let givenName = normalizeText(record.givenName)
  let familyName = normalizeText(record.familyName)
  if (givenName === '' && familyName === '' && record.name !== undefined) {
    const tokens = normalizeText(record.name).split(' ').filter((t) => t !== '')
    if (tokens.length === 1) familyName = tokens[0] as string
    else if (tokens.length > 1) {
      givenName = tokens[0] as string
      familyName = tokens.slice(1).join(' ')
    }
  }
  let streetNumber = normalizeText(record.streetNumber)
  let street = normalizeText(record.street)
  if (streetNumber === '') {
    const leading = /^(\d+[a-z]?) (.+)$/u.exec(street)
    if (leading) {
      streetNumber = leading[1] as string
      street = leading[2] as string
    }
  }
  const email = (record.email ?? '').normalize('NFC').trim().toLowerCase()
  const at = email.indexOf('@')
  return {
    id: record.id,
    givenName,
    familyName,
    birthDate: record.birthDate === undefined ? '' : (parseBirthDate(record.birthDate) ?? ''),
    streetNumber,
    street,
    address2: normalizeText(record.address2),
    city: normalizeText(record.city),
    postcode: normalizeText(record.postcode).replace(/ /gu, ''),
    state: normalizeText(record.state),
    email,
    phone: normalizePhoneDigits(record.phone),
    nationalId: normalizeText(record.nationalId).replace(/ /gu, ''),
    givenCodes: codeOf(givenName),
    familyCodes: codeOf(familyName),
    emailLocal: at > 0 ? email.slice(0, at) : email,
  }
}
