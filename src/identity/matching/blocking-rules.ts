import type { KeySpec } from './block-keys.js'
import type { NormalizedRecord } from './normalize-record.js'

/** A named way to put records that might match into the same block. */
export interface BlockingRule {
  readonly name: string
  /** The record's block key under this rule, or `undefined` when the record has no key. */
  readonly key: (record: NormalizedRecord) => string | undefined
  /**
   * For blocks that grow with the file: finer keys, in order, that split a block of more than
   * `splitBlocksAbove` records into sub-blocks of records that also agree on the next one
   * (again while a sub-block stays that large); records whose split value is '' stay in the
   * block, among themselves. Small blocks, hence small files, are compared whole.
   */
  readonly split?: readonly ((record: NormalizedRecord) => string)[]
}

// Keys are built with plain concatenation: the rules run once per record and rule, millions of
// times on large files.
const birthYear = (r: NormalizedRecord): string => r.birthDate.slice(0, 4)
const joined = (a: string, b: string): string | undefined => (a === '' || b === '' ? undefined : `${a}|${b}`)
const joinedSorted = (a: string, b: string): string | undefined => (a <= b ? joined(a, b) : joined(b, a))
const whole = (a: string): string | undefined => (a === '' ? undefined : a)
const birthMonth = (r: NormalizedRecord): string => r.birthDate.slice(5, 7)
const givenInitial = (r: NormalizedRecord): string => r.givenName.slice(0, 1)
const familyInitial = (r: NormalizedRecord): string => r.familyName.slice(0, 1)
// Both name initials, sorted, so swapped names agree.
const initials = (r: NormalizedRecord): string => {
  const g = r.givenName.slice(0, 1)
  const f = r.familyName.slice(0, 1)
  return g <= f ? g + f : f + g
}

// The built-in rules' keys as interned ids (block-keys.ts), used instead of building key strings
// when the rule object is one of them; any other rule, or a copy, goes through its functions.
const KEY_SPECS = new WeakMap<BlockingRule, KeySpec>()

/** The interned-id key of a built-in rule, or `undefined` for any other rule (its functions are used). */
export const keySpecOf = (rule: BlockingRule): KeySpec | undefined => KEY_SPECS.get(rule)
function withSpec(rule: BlockingRule, spec: KeySpec): BlockingRule {
  KEY_SPECS.set(rule, spec)
  return rule
}

/**
 * The default blocking rules, unioned. Each catches matches the others miss when a field is
 * mistyped or missing: names by sound with a date part, address by postcode or street,
 * direct identifiers (email, phone suffix, national id).
 * @example generateCandidatePairs(records, { rules: [...DEFAULT_BLOCKING_RULES, myRule] })
 */
export const DEFAULT_BLOCKING_RULES: readonly BlockingRule[] = [
  withSpec({ name: 'family-phonetic+birth-year', key: (r) => joined(r.familyCodes[0], birthYear(r)), split: [givenInitial] }, { parts: ['familyCode', 'birthYear'], split: ['givenInitial'] }),
  withSpec(
    { name: 'given-phonetic+birth-month-day', key: (r) => joined(r.givenCodes[0], r.birthDate.slice(5)), split: [familyInitial] },
    { parts: ['givenCode', 'birthMonthDay'], split: ['familyInitial'] },
  ),
  withSpec({ name: 'given-phonetic+birth-year', key: (r) => joined(r.givenCodes[0], birthYear(r)), split: [familyInitial] }, { parts: ['givenCode', 'birthYear'], split: ['familyInitial'] }),
  withSpec(
    { name: 'family-phonetic+birth-month-day', key: (r) => joined(r.familyCodes[0], r.birthDate.slice(5)), split: [givenInitial] },
    { parts: ['familyCode', 'birthMonthDay'], split: ['givenInitial'] },
  ),
  // Both name rules sort their two parts, so a name entered in the wrong field still meets.
  withSpec(
    { name: 'name-phonetics', key: (r) => joinedSorted(r.givenCodes[0], r.familyCodes[0]), split: [birthYear] },
    { parts: ['givenCode', 'familyCode'], unordered: true, split: ['birthYear'] },
  ),
  withSpec(
    { name: 'name-prefixes', key: (r) => joinedSorted(r.givenName.slice(0, 3), r.familyName.slice(0, 3)), split: [birthYear, birthMonth] },
    { parts: ['givenPrefix', 'familyPrefix'], unordered: true, split: ['birthYear', 'birthMonth'] },
  ),
  withSpec({ name: 'postcode+given-initial', key: (r) => joined(r.postcode, r.givenName.slice(0, 1)) }, { parts: ['postcode', 'givenInitial'] }),
  withSpec({ name: 'birth-date', key: (r) => whole(r.birthDate), split: [initials] }, { parts: ['birthDate'], split: ['initials'] }),
  withSpec({ name: 'street+number', key: (r) => joined(r.street, r.streetNumber) }, { parts: ['street', 'streetNumber'] }),
  withSpec({ name: 'email', key: (r) => whole(r.email) }, { parts: ['email'] }),
  withSpec({ name: 'email-local-part', key: (r) => (r.emailLocal.length >= 3 ? r.emailLocal : undefined) }, { parts: ['emailLocal'] }),
  withSpec({ name: 'phone-last-7', key: (r) => (r.phone.length >= 7 ? r.phone.slice(-7) : undefined) }, { parts: ['phoneLast7'] }),
  withSpec({ name: 'national-id', key: (r) => whole(r.nationalId) }, { parts: ['nationalId'] }),
]

const withBirthYear = (key: string | undefined, r: NormalizedRecord): string | undefined =>
  key === undefined || r.birthDate === '' ? key : `${key}|${birthYear(r)}`

/**
 * The default rules with the three whose blocks grow with the file narrowed, for files of
 * hundreds of thousands of records and more: at a million people, a birth date or a pair of
 * three-letter name prefixes alone is shared by dozens to hundreds of records. `birth-date`
 * also needs one name initial in common (either order), `given-phonetic+birth-year` the family
 * initial, and `name-prefixes` the birth year when the record has one. Same names, so
 * oversized-block reports read alike.
 * @example dedupe(records, { rules: LARGE_FILE_BLOCKING_RULES, model })
 */
export const LARGE_FILE_BLOCKING_RULES: readonly BlockingRule[] = DEFAULT_BLOCKING_RULES.map((rule) => {
  switch (rule.name) {
    case 'birth-date':
      return withSpec({ name: rule.name, key: (r) => joined(r.birthDate, initials(r)) }, { parts: ['birthDate', 'initials'] })
    case 'given-phonetic+birth-year':
      return withSpec(
        { name: rule.name, key: (r) => (r.familyName === '' || r.birthDate === '' ? undefined : joined(r.givenCodes[0], `${birthYear(r)}|${r.familyName.slice(0, 1)}`)) },
        // A family name and a birth date are known exactly when their initial and year are.
        { parts: ['givenCode', 'birthYear', 'familyInitial'] },
      )
    case 'name-prefixes':
      return withSpec({ name: rule.name, key: (r) => withBirthYear(rule.key(r), r) }, { parts: ['givenPrefix', 'familyPrefix'], unordered: true, optional: 'birthYear' })
    default:
      return rule
  }
})
