import { ThroughlineError } from '../../errors.js'
import { forEachBlockPair } from './block-pairs.js'
import { type BlockingOptions, type Blocks, grownTo } from './blocking.js'
import { LEVEL_COUNT, MISSING } from './comparison-level.js'
import type { FieldTable } from './field-table.js'
import { compareRecords, FIELD_COUNT, levelOf } from './compare-records.js'
import {
  defaultModel,
  type FieldParameters,
  MATCH_MODEL_VERSION,
  type MatchModel,
  TERM_FREQUENCY_FIELDS,
  type TermFrequency,
} from './match-model.js'
import type { NormalizedRecord } from './normalize-record.js'
import { createPairScorer } from './pair-scorer.js'
import { PERSON_FIELDS, type PersonField, type PersonRecord } from './person-record.js'
import { PreparedRecords, preparedInput } from './prepared-records.js'
import { seededRandom } from './seeded-random.js'

export interface TrainModelOptions extends BlockingOptions {
  /** Starting point and fallback of EM. Default {@link defaultModel}. */
  readonly initial?: MatchModel
  /**
   * Where u comes from. `em` (default): estimated with m over the candidate pairs, which is the
   * population the model will score. `random`: measured on random pairs (nearly all
   * non-matches) and held fixed while EM estimates m and the prior.
   */
  readonly uSource?: 'em' | 'random'
  /** Random pairs sampled when `uSource` is `random`. Default 200,000. */
  readonly randomPairs?: number
  /** Seed of the pair sampler. Default 1. */
  readonly seed?: number
  /**
   * EM runs on at most this many candidate pairs, a seeded uniform sample (as Splink trains on
   * a sample), so training cost stops growing with the data. Default 250,000; with fewer
   * candidate pairs all are used.
   */
  readonly maxTrainingPairs?: number
  /** EM stops after this many rounds. Default 200. */
  readonly maxIterations?: number
  /** EM stops when no probability moves more than this. Default 1e-6. */
  readonly tolerance?: number
}

// The initial model counts as this many pairs in every M-step. It keeps rare levels from
// collapsing to 0 or 1 and steadies a class that blocking left small (on fake_1000 over 90% of
// candidate pairs are matches, leaving few non-matches to estimate u from), while any data set
// of realistic size outweighs it.
const PSEUDO_COUNT = 20

/**
 * Trains a model by expectation–maximisation over the comparison vectors of the blocked
 * candidate pairs (Fellegi–Sunter with conditional independence, as in Winkler 1988), and
 * builds term-frequency tables from the records. Identical vectors are counted once with a
 * multiplicity, so a round costs the number of distinct vectors, not of pairs. Deterministic:
 * records are ordered by id first and the sampler is seeded.
 * @param input the records to learn from (labels are not needed), or a {@link PreparedRecords}
 *   set (then blocking options are those given to `prepareRecords`; passing them here is an error)
 * @param options blocking, u source, seed and convergence settings
 * @returns a new, JSON-serialisable {@link MatchModel}; `initial` is not changed
 * @throws ThroughlineError `invalid_options` when records are fewer than 2
 * @example const model = trainModel(records, { seed: 7 }); const { assignments } = dedupe(records, { model })
 */
export function trainModel(input: readonly PersonRecord[] | PreparedRecords, options: TrainModelOptions = {}): MatchModel {
  const recordCount = input instanceof PreparedRecords ? input.size : input.length
  if (recordCount < 2) throw new ThroughlineError('invalid_options', 'matching', 'training needs at least 2 records')
  const initial = options.initial ?? defaultModel()
  const seed = options.seed ?? 1
  const uSource = options.uSource ?? 'em'
  const prepared = preparedInput(input, options, false)
  const { normalized } = prepared
  const sample = samplePairs(prepared.blocks, options, seed)
  const scorer = createPairScorer(normalized, undefined, prepared.fields)
  const levels = new Uint8Array(FIELD_COUNT)
  const patterns = new Map<number, number>()
  for (let k = 0; k < sample.count; k++) {
    const code = scorer.compare(sample.left[k] as number, sample.right[k] as number, levels)
    patterns.set(code, (patterns.get(code) ?? 0) + 1)
  }
  const codes = [...patterns.keys()].sort((a, b) => a - b)
  const counts = Float64Array.from(codes, (code) => patterns.get(code) as number)
  const codeLevels = new Uint8Array(codes.length * FIELD_COUNT)
  codes.forEach((code, p) => {
    for (let f = 0; f < FIELD_COUNT; f++) codeLevels[p * FIELD_COUNT + f] = levelOf(code, f)
  })

  const m = PERSON_FIELDS.map((field) => Float64Array.from(initial.fields[field].m))
  const u = PERSON_FIELDS.map((field) => Float64Array.from(initial.fields[field].u))
  const fixedU = uSource === 'random' ? sampleU(normalized, options.randomPairs ?? 200_000, seed, initial) : undefined
  if (fixedU) fixedU.forEach((row, f) => u[f]?.set(row))
  let prior = initial.prior
  let iterations = 0
  let converged = false
  const tolerance = options.tolerance ?? 1e-6
  const maxIterations = options.maxIterations ?? 200
  const matchShare = new Float64Array(codes.length)
  const logRatios = new Float64Array(FIELD_COUNT * LEVEL_COUNT)
  while (iterations < maxIterations && codes.length > 0) {
    iterations++
    // E-step in log space: 12 small factors can underflow a plain product.
    let expectedMatches = 0
    let total = 0
    for (let f = 0; f < FIELD_COUNT; f++) {
      for (let level = 1; level < LEVEL_COUNT; level++) {
        logRatios[f * LEVEL_COUNT + level] = Math.log((m[f]?.[level] as number) / (u[f]?.[level] as number))
      }
    }
    const priorLogOdds = Math.log(prior / (1 - prior))
    for (let p = 0; p < codes.length; p++) {
      let logRatio = priorLogOdds
      for (let f = 0; f < FIELD_COUNT; f++) {
        // logRatios holds 0 for `missing`, which therefore adds no evidence.
        logRatio += logRatios[f * LEVEL_COUNT + (codeLevels[p * FIELD_COUNT + f] as number)] as number
      }
      const g = 1 / (1 + Math.exp(-logRatio))
      matchShare[p] = g
      expectedMatches += g * (counts[p] as number)
      total += counts[p] as number
    }
    let change = Math.abs(expectedMatches / total - prior)
    prior = clamp(expectedMatches / total)
    for (let f = 0; f < FIELD_COUNT; f++) {
      const field = PERSON_FIELDS[f] as PersonField
      const mSums = new Float64Array(LEVEL_COUNT)
      const uSums = new Float64Array(LEVEL_COUNT)
      for (let p = 0; p < codes.length; p++) {
        const level = codeLevels[p * FIELD_COUNT + f] as number
        if (level === MISSING) continue
        const c = counts[p] as number
        const g = matchShare[p] as number
        mSums[level] = (mSums[level] as number) + c * g
        uSums[level] = (uSums[level] as number) + c * (1 - g)
      }
      change = Math.max(change, reestimate(m[f] as Float64Array, mSums, initial.fields[field].m))
      if (!fixedU) change = Math.max(change, reestimate(u[f] as Float64Array, uSums, initial.fields[field].u))
    }
    if (change < tolerance) {
      converged = true
      break
    }
  }
  const fields = Object.fromEntries(
    PERSON_FIELDS.map((field, f) => [field, { m: Array.from(m[f] as Float64Array), u: Array.from(u[f] as Float64Array) }]),
  ) as Record<PersonField, FieldParameters>
  return {
    version: MATCH_MODEL_VERSION,
    prior,
    fields,
    termFrequencies: termFrequencies(prepared.fields),
    training: {
      records: recordCount,
      candidatePairs: sample.total,
      ...(sample.count < sample.total ? { sampledPairs: sample.count } : {}),
      iterations,
      converged,
      uSource,
      seed,
    },
  }
}

interface PairSample {
  readonly left: Int32Array
  readonly right: Int32Array
  readonly count: number
  /** Candidate pairs the sample was drawn from. */
  readonly total: number
}

// Offsets the reservoir's stream from the random-pair sampler's, which shares the seed.
const RESERVOIR_STREAM = 0x5eed

/** Every candidate pair, or a seeded uniform sample of them (reservoir sampling, one pass). */
function samplePairs(blocks: Blocks, options: TrainModelOptions, seed: number): PairSample {
  const capacity = options.maxTrainingPairs ?? 250_000
  const random = seededRandom(seed ^ RESERVOIR_STREAM)
  let left = new Int32Array(Math.min(capacity, 1024))
  let right = new Int32Array(left.length)
  let total = 0
  forEachBlockPair(blocks, (lefts, rights, count) => {
    for (let k = 0; k < count; k++) {
      let slot = total
      if (total >= capacity) slot = Math.floor(random() * (total + 1))
      total++
      if (slot >= capacity) continue
      if (slot >= left.length) {
        const size = Math.min(capacity, left.length * 2)
        left = grownTo(left, size)
        right = grownTo(right, size)
      }
      left[slot] = lefts[k] as number
      right[slot] = rights[k] as number
    }
  })
  return { left, right, count: Math.min(total, capacity), total }
}

/** M-step for one distribution with pseudo-counts toward the prior; returns the largest move. */
function reestimate(target: Float64Array, sums: Float64Array, priorRow: readonly number[]): number {
  let total = 0
  for (let level = 1; level < LEVEL_COUNT; level++) total += (sums[level] as number) + PSEUDO_COUNT * (priorRow[level] ?? 0)
  let change = 0
  for (let level = 1; level < LEVEL_COUNT; level++) {
    const next = clamp(((sums[level] as number) + PSEUDO_COUNT * (priorRow[level] ?? 0)) / total)
    change = Math.max(change, Math.abs(next - (target[level] as number)))
    target[level] = next
  }
  return change
}

function clamp(p: number): number {
  return Math.min(1 - 1e-9, Math.max(1e-9, p))
}

/** u measured on random pairs: at this sample size virtually all of them are non-matches. */
function sampleU(records: readonly NormalizedRecord[], samples: number, seed: number, initial: MatchModel): Float64Array[] {
  const random = seededRandom(seed)
  const sums = PERSON_FIELDS.map(() => new Float64Array(LEVEL_COUNT))
  const levels = new Uint8Array(FIELD_COUNT)
  const n = records.length
  for (let s = 0; s < samples; s++) {
    const i = Math.floor(random() * n)
    let j = Math.floor(random() * (n - 1))
    if (j >= i) j++
    compareRecords(records[Math.min(i, j)] as NormalizedRecord, records[Math.max(i, j)] as NormalizedRecord, levels)
    for (let f = 0; f < FIELD_COUNT; f++) {
      const row = sums[f] as Float64Array
      const level = levels[f] as number
      row[level] = (row[level] as number) + 1
    }
  }
  return PERSON_FIELDS.map((field, f) => {
    const row = Float64Array.from(initial.fields[field].u)
    reestimate(row, sums[f] as Float64Array, initial.fields[field].u)
    return row
  })
}

// Values seen at least this often get a table entry; rarer ones keep the average exact weight.
const MIN_TF_COUNT = 3
const MAX_TF_VALUES = 5_000

function termFrequencies(fields: FieldTable): Partial<Record<(typeof TERM_FREQUENCY_FIELDS)[number], TermFrequency>> {
  const result: Partial<Record<(typeof TERM_FREQUENCY_FIELDS)[number], TermFrequency>> = {}
  for (const field of TERM_FREQUENCY_FIELDS) {
    const f = PERSON_FIELDS.indexOf(field)
    const values = fields.values[f] as readonly string[]
    // Counts by value id; ids run in order of first appearance, the order the sums go in.
    const counts = new Int32Array(values.length)
    for (let k = f; k < fields.ids.length; k += FIELD_COUNT) counts[fields.ids[k] as number] = (counts[fields.ids[k] as number] as number) + 1
    counts[0] = 0
    let known = 0
    for (let id = 1; id < counts.length; id++) known += counts[id] as number
    if (known === 0) continue
    let agreement = 0
    for (let id = 1; id < counts.length; id++) if ((counts[id] as number) > 0) agreement += ((counts[id] as number) / known) ** 2
    const common: [string, number][] = []
    for (let id = 1; id < counts.length; id++) if ((counts[id] as number) >= MIN_TF_COUNT) common.push([values[id] as string, counts[id] as number])
    common.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    result[field] = { values: Object.fromEntries(common.slice(0, MAX_TF_VALUES).map(([value, count]) => [value, count / known])), agreement }
  }
  return result
}
