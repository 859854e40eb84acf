import { KeyFeatures, type RuleKeys, ruleKeysFromSpec, sizesOf } from './block-keys.js'
import { type BlockingRule, DEFAULT_BLOCKING_RULES, keySpecOf } from './blocking-rules.js'
import { type FieldTable, internFields } from './field-table.js'
import { StringInterner } from './string-interner.js'
import type { NormalizedRecord } from './normalize-record.js'

export { type BlockingRule, DEFAULT_BLOCKING_RULES, LARGE_FILE_BLOCKING_RULES } from './blocking-rules.js'

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
  /**
   * Blocks of a rule with a `split` key are split when they hold more records than this.
   * Default 16: on the labelled files of a few thousand records (docs/accuracy.md) no such
   * block passes 11; at a million records a birth date alone is shared by dozens of people.
   */
  readonly splitBlocksAbove?: number
  readonly rules?: readonly BlockingRule[]
}

/**
 * Every compared block of every rule, flattened: block `b` holds `members[start[b]..start[b+1])`
 * in ascending record order. Typed arrays rather than one array per key, because a million
 * records under 13 rules make millions of keys.
 */
export interface Blocks {
  readonly recordCount: number
  readonly start: Int32Array
  readonly members: Int32Array
  readonly count: number
  /** Blocks of rule `r` are `ruleStart[r]..ruleStart[r+1])`, rules in the order given. */
  readonly ruleStart: Int32Array
  readonly oversizedBlocks: readonly OversizedBlock[]
}

/**
 * Groups records by each rule's key. Blocks above `maxBlockSize` are left out and reported
 * (sorted by rule, then key); singletons are left out silently, having no pairs.
 * @example forEachCandidate(collectBlocks(records), (i, js, n) => {})
 */
export function collectBlocks(records: readonly NormalizedRecord[], options: BlockingOptions = {}, fields?: FieldTable): Blocks {
  const maxBlockSize = options.maxBlockSize ?? 200
  const splitAbove = options.splitBlocksAbove ?? 16
  const rules = options.rules ?? DEFAULT_BLOCKING_RULES
  const n = records.length
  let features: KeyFeatures | undefined
  const starts: number[] = [0]
  const memberChunks: Int32Array[] = []
  let memberTotal = 0
  const oversizedBlocks: OversizedBlock[] = []
  const ruleStart = new Int32Array(rules.length + 1)
  rules.forEach((rule, r) => {
    ruleStart[r] = starts.length - 1
    const spec = keySpecOf(rule)
    let ruleKeys: RuleKeys
    if (spec === undefined) ruleKeys = ruleKeysFromStrings(rule, records, splitAbove)
    else {
      features ??= new KeyFeatures(records, fields ?? internFields(records))
      ruleKeys = ruleKeysFromSpec(spec, features, splitAbove, (i, depth) => keyStringAt(rule, records[i] as NormalizedRecord, depth))
    }
    const { keyOf, sizes } = ruleKeys
    // Offset of each kept block within this rule's chunk; -1 when it is skipped.
    const offset = new Int32Array(sizes.length)
    let kept = 0
    for (let id = 0; id < sizes.length; id++) {
      const size = sizes[id] as number
      if (size < 2 || size > maxBlockSize) offset[id] = -1
      else {
        offset[id] = kept
        kept += size
        memberTotal += size
        starts.push(memberTotal)
      }
    }
    const chunk = new Int32Array(kept)
    for (let i = 0; i < n; i++) {
      const id = keyOf[i] as number
      if (id < 0) continue
      const at = offset[id] as number
      if (at < 0) continue
      chunk[at] = i
      offset[id] = at + 1
    }
    memberChunks.push(chunk)
    const oversized: OversizedBlock[] = []
    for (let id = 0; id < sizes.length; id++) {
      if ((sizes[id] as number) > maxBlockSize) oversized.push({ rule: rule.name, key: ruleKeys.keyText(id), size: sizes[id] as number })
    }
    oversized.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    oversizedBlocks.push(...oversized)
  })
  ruleStart[rules.length] = starts.length - 1
  const members = new Int32Array(memberTotal)
  let at = 0
  for (const chunk of memberChunks) {
    members.set(chunk, at)
    at += chunk.length
  }
  return { recordCount: n, start: Int32Array.from(starts), members, count: starts.length - 1, ruleStart, oversizedBlocks }
}

/** A rule's block ids from its key functions: key strings interned in order of first appearance. */
function ruleKeysFromStrings(rule: BlockingRule, records: readonly NormalizedRecord[], splitAbove: number): RuleKeys {
  const n = records.length
  const keyOf = new Int32Array(n)
  const keys = new StringInterner(n)
  for (let i = 0; i < n; i++) {
    const key = rule.key(records[i] as NormalizedRecord)
    keyOf[i] = key === undefined ? -1 : keys.idOf(key)
  }
  let sizes = sizesOf(keyOf, keys.size)
  // Records of a large block move to the sub-block of their key and split value, one finer
  // key at a time while a block stays large; sub-blocks get ids after the blocks they came
  // from. Records without a split value stay behind, together.
  for (const split of rule.split ?? []) {
    const before = keys.size
    for (let i = 0; i < n; i++) {
      const id = keyOf[i] as number
      if (id < 0 || (sizes[id] as number) <= splitAbove) continue
      const part = split(records[i] as NormalizedRecord)
      if (part !== '') keyOf[i] = keys.idOf(`${keys.values[id] as string}\u0000${part}`)
    }
    if (keys.size === before) break
    sizes = sizesOf(keyOf, keys.size)
  }
  return { keyOf, sizes, keyText: (id) => keys.values[id] as string }
}

/** The key string of `record`'s block after `depth` splits, as {@link ruleKeysFromStrings} builds it. */
function keyStringAt(rule: BlockingRule, record: NormalizedRecord, depth: number): string {
  let key = rule.key(record) as string
  for (let d = 0; d < depth; d++) key = `${key}\u0000${(rule.split?.[d] as (r: NormalizedRecord) => string)(record)}`
  return key
}

/**
 * Calls `visit(i, candidates, count)` once per record that has candidates: the records after
 * `i` (by index) sharing at least one block with it, each listed once, in no particular order.
 * The buffer is reused between calls. No pair list is built, so memory stays linear in records.
 */
export function forEachCandidate(blocks: Blocks, visit: (record: number, candidates: Int32Array, count: number) => void): void {
  const n = blocks.recordCount
  const { start, members } = blocks
  // Per-record list of its blocks (CSR), so each record's candidates are gathered and
  // deduplicated with one stamp array instead of a global pair set.
  const blockCount = new Int32Array(n + 1)
  for (let k = 0; k < members.length; k++) blockCount[(members[k] as number) + 1] = (blockCount[(members[k] as number) + 1] as number) + 1
  for (let i = 0; i < n; i++) blockCount[i + 1] = (blockCount[i + 1] as number) + (blockCount[i] as number)
  const memberships = new Int32Array(members.length)
  const fill = blockCount.slice(0, n)
  for (let b = 0; b < blocks.count; b++) {
    for (let k = start[b] as number; k < (start[b + 1] as number); k++) {
      const index = members[k] as number
      memberships[fill[index] as number] = b
      fill[index] = (fill[index] as number) + 1
    }
  }
  const stamp = new Int32Array(n).fill(-1)
  let found = new Int32Array(256)
  for (let i = 0; i < n; i++) {
    let count = 0
    for (let k = blockCount[i] as number; k < (blockCount[i + 1] as number); k++) {
      const b = memberships[k] as number
      const end = start[b + 1] as number
      for (let m = start[b] as number; m < end; m++) {
        const j = members[m] as number
        if (j > i && stamp[j] !== i) {
          stamp[j] = i
          if (count === found.length) found = grownTo(found, found.length * 2)
          found[count++] = j
        }
      }
    }
    if (count > 0) visit(i, found, count)
  }
}

/**
 * Finds candidate pairs: every pair of records sharing a key under at least one rule, each
 * pair once. Blocks above `maxBlockSize` are not compared, which keeps cost near linear; they
 * are returned in `oversizedBlocks` (sorted by rule, then key) so callers can say so.
 * @param records normalized records; pairs refer to their indices
 * @returns the candidate pairs, in ascending (left, right) order
 * @example generateCandidatePairs(records.map(normalizeRecord), { maxBlockSize: 100 })
 */
export function generateCandidatePairs(records: readonly NormalizedRecord[], options: BlockingOptions = {}): CandidatePairs {
  const blocks = collectBlocks(records, options)
  let left = new Int32Array(1024)
  let right = new Int32Array(1024)
  let count = 0
  forEachCandidate(blocks, (i, candidates, found) => {
    const sorted = candidates.subarray(0, found).sort()
    if (count + found > left.length) {
      const size = Math.max(left.length * 2, count + found)
      left = grownTo(left, size)
      right = grownTo(right, size)
    }
    left.fill(i, count, count + found)
    right.set(sorted, count)
    count += found
  })
  return { left, right, count, oversizedBlocks: blocks.oversizedBlocks, blocks: blocks.count }
}

/** A copy of `array` in a larger buffer of `size` slots, for pair lists that grow as blocks are read. */
export function grownTo(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(size)
  grown.set(array)
  return grown
}
