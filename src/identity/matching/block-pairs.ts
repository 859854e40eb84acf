import type { Blocks } from './blocking.js'

/** Pairs handed over at once by {@link forEachBlockPair}; large enough to amortise the call. */
const BATCH = 8192

/**
 * Calls `visit(left, right, count)` with batches of candidate pairs (`left[k] < right[k]`),
 * block by block in rule order, each pair exactly once: a pair belongs to the first rule whose
 * compared block holds both records (Splink's rule), which is decided by comparing the two
 * records' block ids under the earlier rules, so no pair set is kept. Walking one block at a time
 * reads the same few records over and over while they are in cache, where walking record by
 * record jumps across the whole file for every pair. The buffers are reused between calls;
 * `blocksDone` counts the blocks whose pairs have all been handed over.
 * @returns the number of pairs visited
 * @example forEachBlockPair(collectBlocks(records), (left, right, count) => {})
 */
export function forEachBlockPair(blocks: Blocks, visit: (left: Int32Array, right: Int32Array, count: number, blocksDone: number) => void): number {
  const { start, members, ruleStart } = blocks
  const rules = ruleStart.length - 1
  // Per record and rule, the compared block holding it, or -1 (no key, singleton or oversized).
  const blockOf = new Int32Array(blocks.recordCount * rules).fill(-1)
  for (let r = 0; r < rules; r++) {
    for (let b = ruleStart[r] as number; b < (ruleStart[r + 1] as number); b++) {
      for (let k = start[b] as number; k < (start[b + 1] as number); k++) blockOf[(members[k] as number) * rules + r] = b
    }
  }
  let left = new Int32Array(BATCH)
  let right = new Int32Array(BATCH)
  let count = 0
  let total = 0
  for (let r = 0; r < rules; r++) {
    for (let b = ruleStart[r] as number; b < (ruleStart[r + 1] as number); b++) {
      const from = start[b] as number
      const to = start[b + 1] as number
      const size = to - from
      const most = (size * (size - 1)) / 2
      if (count + most > left.length) {
        if (count > 0) visit(left, right, count, b)
        total += count
        count = 0
        if (most > left.length) {
          left = new Int32Array(most)
          right = new Int32Array(most)
        }
      }
      for (let x = from; x < to; x++) {
        const i = members[x] as number
        const rowI = i * rules
        for (let y = x + 1; y < to; y++) {
          const j = members[y] as number
          const rowJ = j * rules
          let earlier = 0
          while (earlier < r) {
            const shared = blockOf[rowI + earlier] as number
            if (shared !== -1 && shared === blockOf[rowJ + earlier]) break
            earlier++
          }
          if (earlier < r) continue
          left[count] = i
          right[count] = j
          count++
        }
      }
    }
  }
  if (count > 0) visit(left, right, count, blocks.count)
  return total + count
}
