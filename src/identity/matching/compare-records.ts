import { CLOSE, DIFFERENT, EXACT, LEVEL_COUNT, MISSING, PARTIAL, PHONETIC } from './comparison-level.js'
import { compareDates } from './compare-dates.js'
import { damerauLevenshtein } from './damerau-levenshtein.js'
import { jaroWinkler } from './jaro-winkler.js'
import type { NormalizedRecord } from './normalize-record.js'
import { numericCloseness } from './numeric-closeness.js'
import { phoneticCodesMeet } from './phonetic-code.js'
import { PERSON_FIELDS } from './person-record.js'

/** Number of compared fields; the length of a comparison vector. */
export const FIELD_COUNT = PERSON_FIELDS.length

/**
 * Compares two normalized records field by field, writing one level code per field of
 * {@link PERSON_FIELDS} into `out` (reused by the caller so the pair loop allocates nothing).
 * Given and family names are also compared crossed, and the crossed reading is used when it
 * agrees better: a name entered in the wrong field is the same name.
 * @param out a buffer of at least {@link FIELD_COUNT} bytes
 * @returns the comparison vector packed into one integer (base {@link LEVEL_COUNT}), the key
 *   under which EM counts identical vectors
 * @example const levels = new Uint8Array(FIELD_COUNT); compareRecords(a, b, levels)
 */
export function compareRecords(a: NormalizedRecord, b: NormalizedRecord, out: Uint8Array): number {
  const names = nameLevels(a, b)
  out[0] = names >> 3
  out[1] = names & 7
  for (let f = 2; f < FIELD_COUNT; f++) out[f] = fieldLevel(f, a, b)
  return packLevels(out)
}

/** A comparison vector packed into one integer (base {@link LEVEL_COUNT}), field 0 lowest. */
export function packLevels(levels: Uint8Array): number {
  let packed = 0
  for (let f = FIELD_COUNT - 1; f >= 0; f--) packed = packed * LEVEL_COUNT + (levels[f] as number)
  return packed
}

/**
 * Levels of the given and family names together, as `given << 3 | family`: they are decided
 * together because a name entered in the wrong field is compared crossed.
 */
export function nameLevels(a: NormalizedRecord, b: NormalizedRecord): number {
  let given = nameLevel(a.givenName, b.givenName, a.givenCodes, b.givenCodes)
  let family = nameLevel(a.familyName, b.familyName, a.familyCodes, b.familyCodes)
  if (given > EXACT || family > EXACT) {
    // Crossing is tried only when a crossed pair starts alike: cheap, and a swapped name that
    // also lost its first letter is rare enough to leave to the other fields.
    if (
      a.givenName !== '' &&
      a.familyName !== '' &&
      b.givenName !== '' &&
      b.familyName !== '' &&
      (a.givenName.charCodeAt(0) === b.familyName.charCodeAt(0) || a.familyName.charCodeAt(0) === b.givenName.charCodeAt(0))
    ) {
      const crossedGiven = nameLevel(a.givenName, b.familyName, a.givenCodes, b.familyCodes)
      const crossedFamily = nameLevel(a.familyName, b.givenName, a.familyCodes, b.givenCodes)
      if (crossedGiven + crossedFamily < given + family) {
        given = crossedGiven
        family = crossedFamily
      }
    }
  }
  return (given << 3) | family
}

/** Level of one field other than the names (index 2 and up in {@link PERSON_FIELDS}). */
export function fieldLevel(field: number, a: NormalizedRecord, b: NormalizedRecord): number {
  switch (field) {
    case 2:
      return compareDates(a.birthDate, b.birthDate)
    case 3:
      return numberLevel(a.streetNumber, b.streetNumber)
    case 4:
      return textLevel(a.street, b.street)
    case 5:
      return textLevel(a.address2, b.address2)
    case 6:
      return textLevel(a.city, b.city)
    case 7:
      return codeLevel(a.postcode, b.postcode)
    case 8:
      return a.state === '' || b.state === '' ? MISSING : a.state === b.state ? EXACT : DIFFERENT
    case 9:
      return emailLevel(a, b)
    case 10:
      return phoneLevel(a.phone, b.phone)
    case 11:
      return codeLevel(a.nationalId, b.nationalId)
    default:
      throw new RangeError(`no field ${field}`)
  }
}

/**
 * Reads the level of field `field` back out of a packed comparison vector.
 * @example levelOf(compareRecords(a, b, levels), 0) === levels[0] // true
 */
export function levelOf(packed: number, field: number): number {
  return Math.floor(packed / LEVEL_COUNT ** field) % LEVEL_COUNT
}

function nameLevel(x: string, y: string, xc: readonly [string, string], yc: readonly [string, string]): number {
  if (x === '' || y === '') return MISSING
  if (x === y) return EXACT
  const jw = jaroWinkler(x, y, 0.85)
  if (jw >= 0.92 || (x.length > 3 && damerauLevenshtein(x, y, 1) <= 1)) return CLOSE
  if (phoneticCodesMeet(xc, yc)) return PHONETIC
  // "rob" and "robert": a short form written at the start of the long one.
  const short = x.length < y.length ? x : y
  const long = x.length < y.length ? y : x
  if (short.length >= 3 && long.startsWith(short)) return PHONETIC
  return jw >= 0.85 ? PARTIAL : DIFFERENT
}

function textLevel(x: string, y: string): number {
  if (x === '' || y === '') return MISSING
  if (x === y) return EXACT
  const jw = jaroWinkler(x, y, 0.85)
  if (jw >= 0.92 || damerauLevenshtein(x, y, 1) <= 1) return CLOSE
  return jw >= 0.85 ? PARTIAL : DIFFERENT
}

function numberLevel(x: string, y: string): number {
  if (x === '' || y === '') return MISSING
  if (x === y) return EXACT
  if (damerauLevenshtein(x, y, 1) <= 1 || numericCloseness(x, y, 2)) return CLOSE
  return DIFFERENT
}

function codeLevel(x: string, y: string): number {
  if (x === '' || y === '') return MISSING
  if (x === y) return EXACT
  return damerauLevenshtein(x, y, 1) <= 1 ? CLOSE : DIFFERENT
}

function emailLevel(a: NormalizedRecord, b: NormalizedRecord): number {
  const x = a.email
  const y = b.email
  if (x === '' || y === '') return MISSING
  if (x === y) return EXACT
  if (a.emailLocal === b.emailLocal || damerauLevenshtein(x, y, 2) <= 2) return CLOSE
  return jaroWinkler(x, y, 0.88) >= 0.88 ? PARTIAL : DIFFERENT
}

function phoneLevel(x: string, y: string): number {
  if (x === '' || y === '') return MISSING
  if (x === y) return EXACT
  if (sameTail(x, y, 7) || damerauLevenshtein(x, y, 1) <= 1) return CLOSE
  return DIFFERENT
}

// Whether both strings have at least `n` characters and end in the same `n`, without slicing.
function sameTail(x: string, y: string, n: number): boolean {
  if (x.length < n || y.length < n) return false
  for (let k = 1; k <= n; k++) if (x.charCodeAt(x.length - k) !== y.charCodeAt(y.length - k)) return false
  return true
}
