import { forEachBlockPair } from './block-pairs.js'
import type { BlockingOptions, OversizedBlock } from './blocking.js'
import { clusterPairs, type ScoredPair } from './cluster-pairs.js'
import { compileModel, defaultModel, type MatchModel } from './match-model.js'
import type { NormalizedRecord } from './normalize-record.js'
import { createPairScorer } from './pair-scorer.js'
import type { PersonRecord } from './person-record.js'
import { type PreparedRecords, preparedInput } from './prepared-records.js'
import { probabilityOf } from './score-pair.js'

/**
 * Default thresholds, in match weight (log2 posterior odds among candidate pairs):
 * - merge 5 (probability ≈ 0.97): pairs at or above are merged automatically;
 * - review 0 (probability 0.5, as likely a match as not): pairs from here to merge are suggested;
 * - separation -4 (probability ≈ 0.06): a cluster never holds two records that score below
 *   this against each other, however strong the chain of links between them.
 * Chosen on Febrl 1/2, Splink fake_1000 and the dedupe.io sites file with trained models
 * (docs/accuracy.md); the separation guard is what lets merge sit this low without chaining.
 */
export const DEFAULT_THRESHOLDS = { merge: 5, review: 0, separation: -4 } as const

export interface DedupeOptions extends BlockingOptions {
  /** The model to score with. Default {@link defaultModel}; never re-estimated here. */
  readonly model?: MatchModel
  /** Pairs at or above this match weight are merged. Default {@link DEFAULT_THRESHOLDS}.merge. */
  readonly mergeThreshold?: number
  /** Pairs at or above this (and below merge) are suggested for review. Default 0. */
  readonly reviewThreshold?: number
  /** Merges that would put two records scoring below this in one cluster are refused. Default -4. */
  readonly separationThreshold?: number
  /** Called as blocks' candidate pairs are scored (blocks done and in all), for progress display. */
  readonly onProgress?: (done: number, total: number) => void
}

export interface DedupePair {
  readonly a: string
  readonly b: string
  readonly score: number
  readonly probability: number
  /** `merge`: the two ended in one cluster; `review`: a person should look. */
  readonly decision: 'merge' | 'review'
}

export interface DedupeStats {
  readonly records: number
  readonly candidatePairs: number
  readonly blocks: number
  readonly oversizedBlocks: readonly OversizedBlock[]
  readonly merges: number
  readonly reviews: number
  /** Merge-grade pairs kept apart because their clusters hold clearly different records. */
  readonly refusedMerges: number
  readonly clusters: number
}

export interface DedupeResult {
  /** Every record id to its cluster id: the smallest record id (code-unit order) in the cluster. */
  readonly assignments: Map<string, string>
  /** Pairs at or above the review threshold, highest score first. */
  readonly pairs: readonly DedupePair[]
  readonly stats: DedupeStats
}

/**
 * Finds duplicate records: blocks, scores candidate pairs with a Fellegi–Sunter model and
 * clusters merge-grade pairs under a separation guard. Deterministic: the same records in any
 * order give the same assignments, pairs and stats.
 * @param input records with unique ids, or a {@link PreparedRecords} set (then blocking options
 *   are those given to `prepareRecords`, and passing them here is an error)
 * @param options model, thresholds, blocking and progress callback
 * @returns cluster assignments, merged and review pairs, and statistics
 * @throws ThroughlineError `invalid_options` when two records share an id, or blocking options
 *   come with prepared records
 * @example const { assignments } = dedupe(records, { model: trainModel(records) })
 * @example const prepared = prepareRecords(records); dedupe(prepared, { model: trainModel(prepared) })
 */
export function dedupe(input: readonly PersonRecord[] | PreparedRecords, options: DedupeOptions = {}): DedupeResult {
  const mergeThreshold = options.mergeThreshold ?? DEFAULT_THRESHOLDS.merge
  const reviewThreshold = Math.min(options.reviewThreshold ?? DEFAULT_THRESHOLDS.review, mergeThreshold)
  const separationThreshold = options.separationThreshold ?? DEFAULT_THRESHOLDS.separation
  const prepared = preparedInput(input, options, true)
  const { normalized, blocks } = prepared
  const scorer = createPairScorer(normalized, compileModel(options.model ?? defaultModel()), prepared.fields)
  // Pairs below the review threshold are dropped, so their scoring stops as soon as the fields
  // left cannot lift them that far; kept pairs get the exact score.
  const kept: ScoredPair[] = []
  const step = Math.max(1, Math.floor(blocks.count / 100))
  let reported = 0
  const candidatePairs = forEachBlockPair(blocks, (left, right, count, blocksDone) => {
    for (let k = 0; k < count; k++) {
      const i = left[k] as number
      const j = right[k] as number
      const score = scorer.scoreAtLeast(i, j, reviewThreshold)
      if (score >= reviewThreshold) kept.push({ left: i, right: j, score })
    }
    if (options.onProgress && blocksDone - reported >= step) {
      reported = blocksDone
      options.onProgress(blocksDone, blocks.count)
    }
  })
  options.onProgress?.(blocks.count, blocks.count)
  const scoreOf = (i: number, j: number): number => scorer.score(i, j)
  const clustering = clusterPairs(normalized.length, kept, { mergeThreshold, separationThreshold, scoreOf })
  const assignments = new Map<string, string>()
  normalized.forEach((record, i) => {
    assignments.set(record.id, (normalized[clustering.clusterOf[i] as number] as NormalizedRecord).id)
  })
  const pairs: DedupePair[] = kept.map((pair, k) => ({
    a: (normalized[pair.left] as NormalizedRecord).id,
    b: (normalized[pair.right] as NormalizedRecord).id,
    score: pair.score,
    probability: probabilityOf(pair.score),
    decision: clustering.merged[k] === 1 ? 'merge' : 'review',
  }))
  pairs.sort((x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0))
  let merges = 0
  for (const pair of pairs) if (pair.decision === 'merge') merges++
  let clusters = 0
  clustering.clusterOf.forEach((root, i) => {
    if (root === i) clusters++
  })
  return {
    assignments,
    pairs,
    stats: {
      records: normalized.length,
      candidatePairs,
      blocks: blocks.count,
      oversizedBlocks: blocks.oversizedBlocks,
      merges,
      reviews: pairs.length - merges,
      refusedMerges: clustering.refusedMerges,
      clusters,
    },
  }
}
