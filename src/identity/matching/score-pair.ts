import { COMPARISON_LEVELS, type ComparisonLevel, EXACT, LEVEL_COUNT } from './comparison-level.js'
import { compareRecords, FIELD_COUNT } from './compare-records.js'
import { type CompiledModel, compileModel, type MatchModel } from './match-model.js'
import { type NormalizedRecord, normalizeRecord } from './normalize-record.js'
import { PERSON_FIELDS, type PersonField, type PersonRecord } from './person-record.js'

// `explain` scores pairs one at a time against the same model; compile it once. Models are
// treated as immutable values, so the cache never goes stale.
const compiledModels = new WeakMap<MatchModel, CompiledModel>()

/** One field's part in a pair's score: what `explain` shows. */
export interface FieldEvidence {
  readonly field: PersonField
  readonly level: ComparisonLevel
  /** log2 Bayes factor this field contributed; 0 when missing. */
  readonly weight: number
  /** Present when an exact agreement was discounted because the value is common. */
  readonly termFrequencyAdjustment?: number
}

/** The score of one pair of records. */
export interface PairScore {
  /** Match weight: log2 posterior odds of a match (prior plus every field's weight). */
  readonly score: number
  /** The same, as a probability in (0, 1). */
  readonly probability: number
  /** log2 prior odds included in `score`. */
  readonly prior: number
  readonly evidence: readonly FieldEvidence[]
}

/**
 * Scores a pair of records under a model, with per-field evidence. Symmetric: swapping the
 * two records gives the same result.
 * @param a first record
 * @param b second record
 * @param model a trained or default {@link MatchModel}
 * @returns the match weight, the probability and each field's level and weight
 * @example scorePair({ id: '1', givenName: 'Ann' }, { id: '2', givenName: 'Anne' }, defaultModel())
 */
export function scorePair(a: PersonRecord, b: PersonRecord, model: MatchModel): PairScore {
  let compiled = compiledModels.get(model)
  if (!compiled) {
    compiled = compileModel(model)
    compiledModels.set(model, compiled)
  }
  const [x, y] = a.id <= b.id ? [a, b] : [b, a]
  const na = normalizeRecord(x)
  const nb = normalizeRecord(y)
  const levels = new Uint8Array(FIELD_COUNT)
  compareRecords(na, nb, levels)
  const evidence: FieldEvidence[] = PERSON_FIELDS.map((field, f) => {
    const level = levels[f] as number
    const adjustment = level === EXACT ? termFrequencyAdjustment(compiled, f, na) : 0
    const weight = (compiled.weights[f * LEVEL_COUNT + level] as number) + adjustment
    const base = { field, level: COMPARISON_LEVELS[level] as ComparisonLevel, weight }
    return adjustment === 0 ? base : { ...base, termFrequencyAdjustment: adjustment }
  })
  const score = evidence.reduce((sum, e) => sum + e.weight, compiled.priorWeight)
  return { score, probability: probabilityOf(score), prior: compiled.priorWeight, evidence }
}

/**
 * Score of a compared pair from its level vector; the allocation-free path used in bulk.
 * `a` holds the value checked against term-frequency tables (both sides agree when exact).
 * @example scoreLevels(levels, a, compileModel(defaultModel()))
 */
export function scoreLevels(levels: Uint8Array, a: NormalizedRecord, compiled: CompiledModel): number {
  let score = compiled.priorWeight
  for (let f = 0; f < FIELD_COUNT; f++) {
    const level = levels[f] as number
    score += compiled.weights[f * LEVEL_COUNT + level] as number
    if (level === EXACT && compiled.tfAdjustments.size > 0) score += termFrequencyAdjustment(compiled, f, a)
  }
  return score
}

/**
 * Converts a match weight (log2 odds) to a probability.
 * @example probabilityOf(0) // 0.5
 */
export function probabilityOf(score: number): number {
  return 1 / (1 + 2 ** -score)
}

function termFrequencyAdjustment(compiled: CompiledModel, field: number, record: NormalizedRecord): number {
  const table = compiled.tfAdjustments.get(field)
  if (!table) return 0
  const value = record[PERSON_FIELDS[field] as PersonField]
  return table.get(value) ?? 0
}
