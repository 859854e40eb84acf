import { DIFFERENT, EXACT, LEVEL_COUNT, MISSING } from './comparison-level.js'
import { FIELD_COUNT, fieldLevel, nameLevels, packLevels } from './compare-records.js'
import { type FieldTable, internFields } from './field-table.js'
import type { CompiledModel } from './match-model.js'
import type { NormalizedRecord } from './normalize-record.js'
import { PERSON_FIELDS } from './person-record.js'

/** Scores pairs of records by index, for the bulk paths (dedupe, training). */
export interface PairScorer {
  /** Writes the level of every field into `out`, exactly as `compareRecords` would; returns the packed vector. */
  compare(i: number, j: number, out: Uint8Array): number
  /** The match weight of records `i` and `j`, bit for bit what `scoreLevels` gives. */
  score(i: number, j: number): number
  /**
   * The same weight when it is at least `floor`; otherwise `-Infinity`, usually decided after a
   * few cheap fields, because the fields left cannot lift the score that far.
   */
  scoreAtLeast(i: number, j: number, floor: number): number
}

// Order in which `scoreAtLeast` computes the fields that differ: cheap comparisons that usually
// disagree between different people first. -1 stands for the two names, decided together.
const NAMES = -1
const BOUND_ORDER = [11, 10, 7, 2, 3, 9, NAMES, 4, 6, 5] as const
// Rounding slack between the running bound and the exact sum (both add the same ~12 terms).
const BOUND_SLACK = 1e-7
// Marks a field whose values differ and whose level is not computed yet.
const UNKNOWN = 255
const STATE = PERSON_FIELDS.indexOf('state')

/**
 * Prepares records for pair scoring: each field's values interned to integer ids (0 for
 * unknown), one row of ids per record, so missing and exact agreement are integer compares and
 * only differing values reach the string comparators. Term-frequency corrections are looked
 * up once per distinct value.
 * @param records normalized records, addressed by index
 * @param compiled the model's weights; without it only `compare` is meaningful
 * @param fields the records' interned fields, when already built (a prepared record set)
 */
export function createPairScorer(records: readonly NormalizedRecord[], compiled?: CompiledModel, fields: FieldTable = internFields(records)): PairScorer {
  const n = records.length
  const { ids } = fields
  const tf = new Float64Array(compiled && compiled.tfAdjustments.size > 0 ? n * FIELD_COUNT : 0)
  compiled?.tfAdjustments.forEach((adjustments, f) => {
    // Looked up once per distinct value, then copied to the records holding it.
    const byId = Float64Array.from(fields.values[f] as readonly string[], (value) => adjustments.get(value) ?? 0)
    for (let i = 0; i < n; i++) tf[i * FIELD_COUNT + f] = byId[ids[i * FIELD_COUNT + f] as number] as number
  })
  const weights = compiled?.weights ?? new Float64Array(FIELD_COUNT * LEVEL_COUNT)
  const priorWeight = compiled?.priorWeight ?? 0
  const hasTf = (compiled?.tfAdjustments.size ?? 0) > 0
  // Best weight each field can add, at any level and at a level other than exact (the values
  // differ). Term-frequency corrections only lower exact weights, so these bound any pair.
  const best = new Float64Array(FIELD_COUNT)
  const bestInexact = new Float64Array(FIELD_COUNT)
  for (let f = 0; f < FIELD_COUNT; f++) {
    let top = Number.NEGATIVE_INFINITY
    for (let level = EXACT + 1; level < LEVEL_COUNT; level++) top = Math.max(top, weights[f * LEVEL_COUNT + level] as number)
    bestInexact[f] = top
    best[f] = Math.max(top, weights[f * LEVEL_COUNT + EXACT] as number)
  }
  const levels = new Uint8Array(FIELD_COUNT)

  const levelOfField = (f: number, i: number, j: number): number => {
    const x = ids[i * FIELD_COUNT + f] as number
    const y = ids[j * FIELD_COUNT + f] as number
    if (x === 0 || y === 0) return MISSING
    if (x === y) return EXACT
    return fieldLevel(f, records[i] as NormalizedRecord, records[j] as NormalizedRecord)
  }
  const namesOf = (i: number, j: number): number => {
    const gi = ids[i * FIELD_COUNT] as number
    const fi = ids[i * FIELD_COUNT + 1] as number
    if (gi !== 0 && fi !== 0 && gi === ids[j * FIELD_COUNT] && fi === ids[j * FIELD_COUNT + 1]) return (EXACT << 3) | EXACT
    return nameLevels(records[i] as NormalizedRecord, records[j] as NormalizedRecord)
  }
  // The exact sum, in field order as `scoreLevels` adds it, so results match to the bit.
  const sum = (i: number): number => {
    let score = priorWeight
    for (let f = 0; f < FIELD_COUNT; f++) {
      const level = levels[f] as number
      score += weights[f * LEVEL_COUNT + level] as number
      if (level === EXACT && hasTf) score += tf[i * FIELD_COUNT + f] as number
    }
    return score
  }
  const compare = (i: number, j: number, out: Uint8Array): number => {
    const names = namesOf(i, j)
    out[0] = names >> 3
    out[1] = names & 7
    for (let f = 2; f < FIELD_COUNT; f++) out[f] = levelOfField(f, i, j)
    return packLevels(out)
  }
  return {
    compare,
    score(i, j) {
      compare(i, j, levels)
      return sum(i)
    },
    scoreAtLeast(i, j, floor) {
      const limit = floor - BOUND_SLACK
      const rowI = i * FIELD_COUNT
      const rowJ = j * FIELD_COUNT
      // First what integer ids decide (missing, exact, or merely "differs"), then the string
      // comparisons one field at a time until the bound falls below the floor.
      let bound = priorWeight
      const gi = ids[rowI] as number
      const fi = ids[rowI + 1] as number
      const namesExact = gi !== 0 && fi !== 0 && gi === ids[rowJ] && fi === ids[rowJ + 1]
      if (namesExact) {
        levels[0] = EXACT
        levels[1] = EXACT
        bound += (weights[EXACT] as number) + (weights[LEVEL_COUNT + EXACT] as number)
      } else bound += (best[0] as number) + (best[1] as number)
      for (let f = 2; f < FIELD_COUNT; f++) {
        const x = ids[rowI + f] as number
        const y = ids[rowJ + f] as number
        if (x === 0 || y === 0) levels[f] = MISSING
        else if (x === y) {
          levels[f] = EXACT
          bound += weights[f * LEVEL_COUNT + EXACT] as number
        } else if (f === STATE) {
          // Compared for equality only: differing ids are the whole answer.
          levels[f] = DIFFERENT
          bound += weights[f * LEVEL_COUNT + DIFFERENT] as number
        } else {
          levels[f] = UNKNOWN
          bound += bestInexact[f] as number
        }
      }
      if (bound < limit) return Number.NEGATIVE_INFINITY
      const a = records[i] as NormalizedRecord
      const b = records[j] as NormalizedRecord
      for (const f of BOUND_ORDER) {
        if (f === NAMES) {
          if (namesExact) continue
          const names = nameLevels(a, b)
          levels[0] = names >> 3
          levels[1] = names & 7
          bound -= (best[0] as number) - (weights[levels[0] as number] as number)
          bound -= (best[1] as number) - (weights[LEVEL_COUNT + (levels[1] as number)] as number)
        } else {
          if (levels[f] !== UNKNOWN) continue
          const level = fieldLevel(f, a, b)
          levels[f] = level
          bound -= (bestInexact[f] as number) - (weights[f * LEVEL_COUNT + level] as number)
        }
        if (bound < limit) return Number.NEGATIVE_INFINITY
      }
      return sum(i)
    },
  }
}
