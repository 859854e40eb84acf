import type { NormalizedRecord } from './normalize-record.js'

/** A named way to put records that might match into the same block. */
export interface BlockingRule {
  readonly name: string
  /** The record's block key under this rule, or `undefined` when the record has no key. */
  readonly key: (record: NormalizedRecord) => string | undefined
}

const birthYear = (r: NormalizedRecord): string => r.birthDate.slice(0, 4)
const sortedPair = (a: string, b: string): [string, string] => (a <= b ? [a, b] : [b, a])
const joined = (...parts: string[]): string | undefined => (parts.some((p) => p === '') ? undefined : parts.join('|'))

/**
 * The default blocking rules, unioned. Each catches matches the others miss when a field is
 * mistyped or missing: names by sound with a date part, address by postcode or street,
 * direct identifiers (email, phone suffix, national id).
 * @example generateCandidatePairs(records, { rules: [...DEFAULT_BLOCKING_RULES, myRule] })
 */
export const DEFAULT_BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'family-phonetic+birth-year', key: (r) => joined(r.familyCodes[0], birthYear(r)) },
  { name: 'given-phonetic+birth-month-day', key: (r) => joined(r.givenCodes[0], r.birthDate.slice(5)) },
  { name: 'given-phonetic+birth-year', key: (r) => joined(r.givenCodes[0], birthYear(r)) },
  { name: 'family-phonetic+birth-month-day', key: (r) => joined(r.familyCodes[0], r.birthDate.slice(5)) },
  // Both name rules sort their two parts, so a name entered in the wrong field still meets.
  { name: 'name-phonetics', key: (r) => joined(...sortedPair(r.givenCodes[0], r.familyCodes[0])) },
  { name: 'name-prefixes', key: (r) => joined(...sortedPair(r.givenName.slice(0, 3), r.familyName.slice(0, 3))) },
  { name: 'postcode+given-initial', key: (r) => joined(r.postcode, r.givenName.slice(0, 1)) },
  { name: 'birth-date', key: (r) => joined(r.birthDate) },
  { name: 'street+number', key: (r) => joined(r.street, r.streetNumber) },
  { name: 'email', key: (r) => joined(r.email) },
  { name: 'email-local-part', key: (r) => (r.emailLocal.length >= 3 ? r.emailLocal : undefined) },
  { name: 'phone-last-7', key: (r) => (r.phone.length >= 7 ? r.phone.slice(-7) : undefined) },
  { name: 'national-id', key: (r) => joined(r.nationalId) },
]

/** A block that held more records than the cap; its pairs were not compared. */
export interface OversizedBlock {
  readonly rule: string
  readonly key: string
  readonly size: number
}

/** Candidate pairs as parallel index arrays (`left[k] < right[k]`), deduplicated across rules. */
export interface CandidatePairs {
  readonly left: Int32Array
  readonly right: Int32Array
  readonly count: number
  readonly oversizedBlocks: readonly OversizedBlock[]
  /** Number of blocks with at least two records that were compared. */
  readonly blocks: number
}

export interface BlockingOptions {
  /** Blocks larger than this are skipped and reported. Default 200. */
  readonly maxBlockSize?: number
  readonly rules?: readonly BlockingRule[]
}

/**
 * Finds candidate pairs: every pair of records sharing a key under at least one rule, each
 * pair once. Blocks above `maxBlockSize` are not compared, which keeps cost near linear; they
 * are returned in `oversizedBlocks` (sorted by rule, then key) so callers can say so.
 * @param records normalized records; pairs refer to their indices
 * @returns the candidate pairs, in ascending (left, right) order
 * @example generateCandidatePairs(records.map(normalizeRecord), { maxBlockSize: 100 })
 */
export function generateCandidatePairs(
  records: readonly NormalizedRecord[],
  options: BlockingOptions = {},
): CandidatePairs {
  const maxBlockSize = options.maxBlockSize ?? 200
  const rules = options.rules ?? DEFAULT_BLOCKING_RULES
  const blocks: Int32Array[] = []
  const oversizedBlocks: OversizedBlock[] = []
  rules.forEach((rule) => {
    const byKey = new Map<string, number[]>()
    records.forEach((record, index) => {
      const key = rule.key(record)
      if (key === undefined) return
      const members = byKey.get(key)
      if (members) members.push(index)
      else byKey.set(key, [index])
    })
    const oversized: OversizedBlock[] = []
    for (const [key, members] of byKey) {
      if (members.length < 2) continue
      if (members.length > maxBlockSize) oversized.push({ rule: rule.name, key, size: members.length })
      else blocks.push(Int32Array.from(members))
    }
    oversized.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    oversizedBlocks.push(...oversized)
  })
  // Per-record list of its blocks, so each record's candidates are gathered and deduplicated
  // with one stamp array instead of a global pair set.
  const blockCount = new Int32Array(records.length + 1)
  for (const block of blocks) for (const index of block) blockCount[index + 1] = (blockCount[index + 1] as number) + 1
  for (let i = 0; i < records.length; i++) blockCount[i + 1] = (blockCount[i + 1] as number) + (blockCount[i] as number)
  const memberships = new Int32Array(blockCount[records.length] as number)
  const fill = blockCount.slice(0, records.length)
  blocks.forEach((block, b) => {
    for (const index of block) {
      const at = fill[index] as number
      memberships[at] = b
      fill[index] = at + 1
    }
  })
  const stamp = new Int32Array(records.length).fill(-1)
  let left = new Int32Array(1024)
  let right = new Int32Array(1024)
  let count = 0
  const found: number[] = []
  for (let i = 0; i < records.length; i++) {
    found.length = 0
    for (let k = blockCount[i] as number; k < (blockCount[i + 1] as number); k++) {
      const block = blocks[memberships[k] as number] as Int32Array
      for (const j of block) {
        if (j > i && stamp[j] !== i) {
          stamp[j] = i
          found.push(j)
        }
      }
    }
    found.sort((x, y) => x - y)
    if (count + found.length > left.length) {
      const size = Math.max(left.length * 2, count + found.length)
      const grownLeft = new Int32Array(size)
      grownLeft.set(left)
      left = grownLeft
      const grownRight = new Int32Array(size)
      grownRight.set(right)
      right = grownRight
    }
    for (const j of found) {
      left[count] = i
      right[count] = j
      count++
    }
  }
  return { left, right, count, oversizedBlocks, blocks: blocks.length }
}
