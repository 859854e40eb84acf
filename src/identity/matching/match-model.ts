import { z } from 'zod'
import { LEVEL_COUNT } from './comparison-level.js'
import { PERSON_FIELDS, type PersonField } from './person-record.js'

/** Version of the {@link MatchModel} layout; bumped whenever a stored model would be misread. */
export const MATCH_MODEL_VERSION = 1

/** Fields whose exact agreement is weighed by how common the agreed value is. */
export const TERM_FREQUENCY_FIELDS = ['givenName', 'familyName', 'city'] as const
export type TermFrequencyField = (typeof TERM_FREQUENCY_FIELDS)[number]

const levelProbabilities = z.array(z.number().min(0).max(1)).length(LEVEL_COUNT)

const FieldParametersSchema = z.object({
  /** P(level | match), indexed by level code; index 0 (`missing`) is unused. */
  m: levelProbabilities,
  /** P(level | non-match), indexed by level code; index 0 (`missing`) is unused. */
  u: levelProbabilities,
})
export type FieldParameters = z.infer<typeof FieldParametersSchema>

const TermFrequencySchema = z.object({
  /** Share of records holding each common value (rare values are left out to keep models small). */
  values: z.record(z.string(), z.number().min(0).max(1)),
  /** Probability that two random records agree on this field: the sum of squared shares. */
  agreement: z.number().min(0).max(1),
})
export type TermFrequency = z.infer<typeof TermFrequencySchema>

/**
 * A Fellegi–Sunter model: per-field m and u probabilities for each comparison level, the
 * prior share of matches among candidate pairs, and term-frequency tables. Plain JSON: store
 * it, version it, diff it. A model only changes through an explicit `trainModel` call.
 * @example const model = MatchModelSchema.parse(JSON.parse(storedText))
 */
export const MatchModelSchema = z.object({
  version: z.literal(MATCH_MODEL_VERSION),
  /** P(match) for a pair produced by blocking, before looking at its fields. */
  prior: z.number().gt(0).lt(1),
  fields: z.object(
    Object.fromEntries(PERSON_FIELDS.map((field) => [field, FieldParametersSchema])) as Record<
      PersonField,
      typeof FieldParametersSchema
    >,
  ),
  termFrequencies: z.partialRecord(z.enum(TERM_FREQUENCY_FIELDS), TermFrequencySchema),
  training: z
    .object({
      records: z.number().int().min(0),
      candidatePairs: z.number().int().min(0),
      /** Present when EM ran on a sample of the candidate pairs: the sample's size. */
      sampledPairs: z.number().int().min(0).optional(),
      iterations: z.number().int().min(0),
      converged: z.boolean(),
      uSource: z.enum(['em', 'random']),
      seed: z.number().int(),
    })
    .nullable(),
})
export type MatchModel = z.infer<typeof MatchModelSchema>

// Levels a field never produces get equal m and u, hence weight 0.
const N = 1e-4
// [missing, exact, close, phonetic, partial, different]
const PRIORS: Record<PersonField, FieldParameters> = {
  givenName: { m: [0, 0.84, 0.07, 0.04, 0.02, 0.03], u: [0, 0.01, 0.004, 0.006, 0.03, 0.95] },
  familyName: { m: [0, 0.84, 0.07, 0.04, 0.02, 0.03], u: [0, 0.005, 0.003, 0.004, 0.02, 0.968] },
  birthDate: { m: [0, 0.86, 0.08, N, 0.03, 0.03], u: [0, 0.0005, 0.003, N, 0.01, 0.9864] },
  streetNumber: { m: [0, 0.86, 0.07, N, N, 0.07], u: [0, 0.03, 0.08, N, N, 0.89] },
  street: { m: [0, 0.85, 0.08, N, 0.02, 0.05], u: [0, 0.003, 0.003, N, 0.01, 0.984] },
  address2: { m: [0, 0.8, 0.08, N, 0.02, 0.1], u: [0, 0.005, 0.005, N, 0.01, 0.98] },
  city: { m: [0, 0.85, 0.07, N, 0.02, 0.06], u: [0, 0.01, 0.005, N, 0.01, 0.975] },
  postcode: { m: [0, 0.86, 0.07, N, N, 0.07], u: [0, 0.005, 0.03, N, N, 0.965] },
  state: { m: [0, 0.92, N, N, N, 0.08], u: [0, 0.2, N, N, N, 0.8] },
  email: { m: [0, 0.85, 0.09, N, 0.02, 0.04], u: [0, 0.0005, 0.0005, N, 0.002, 0.997] },
  phone: { m: [0, 0.86, 0.08, N, N, 0.06], u: [0, 0.0005, 0.001, N, N, 0.9985] },
  nationalId: { m: [0, 0.88, 0.08, N, N, 0.04], u: [0, 0.0001, 0.0005, N, N, 0.9994] },
}

/**
 * The untrained model: m/u priors from the record-linkage literature and typical contact
 * data, good enough to deduplicate before any training. It has no term-frequency tables.
 * @returns a fresh {@link MatchModel} (callers may keep and serialize it)
 * @example const model = defaultModel(); JSON.stringify(model)
 */
export function defaultModel(): MatchModel {
  const fields = Object.fromEntries(
    PERSON_FIELDS.map((field) => [field, { m: [...PRIORS[field].m], u: [...PRIORS[field].u] }]),
  ) as Record<PersonField, FieldParameters>
  return { version: MATCH_MODEL_VERSION, prior: 0.1, fields, termFrequencies: {}, training: null }
}

/** A model turned into flat tables for the pair loop. */
export interface CompiledModel {
  /** log2(m/u) at `field * LEVEL_COUNT + level`; 0 for `missing`. */
  readonly weights: Float64Array
  /** log2 prior odds. */
  readonly priorWeight: number
  /** Per field index: correction (≤ 0) added to the exact weight for a common value. */
  readonly tfAdjustments: ReadonlyMap<number, ReadonlyMap<string, number>>
}

/**
 * Precomputes weights. Term-frequency correction follows Splink: an exact agreement on value
 * v is worth log2(agreement / share(v)) more or less than an average exact agreement. Only the
 * downward side is applied (common values), and never below a quarter of the exact weight,
 * so a match on "smith" is weaker evidence but still evidence.
 * @example compileModel(defaultModel()).priorWeight // log2(0.1 / 0.9)
 */
export function compileModel(model: MatchModel): CompiledModel {
  const weights = new Float64Array(PERSON_FIELDS.length * LEVEL_COUNT)
  PERSON_FIELDS.forEach((field, f) => {
    const { m, u } = model.fields[field]
    for (let level = 1; level < LEVEL_COUNT; level++) {
      weights[f * LEVEL_COUNT + level] = Math.log2(Math.max(m[level] ?? 0, 1e-9) / Math.max(u[level] ?? 0, 1e-9))
    }
  })
  const tfAdjustments = new Map<number, Map<string, number>>()
  for (const field of TERM_FREQUENCY_FIELDS) {
    const table = model.termFrequencies[field]
    if (!table) continue
    const f = PERSON_FIELDS.indexOf(field)
    const exact = weights[f * LEVEL_COUNT + 1] as number
    const adjustments = new Map<string, number>()
    for (const [value, share] of Object.entries(table.values)) {
      const adjustment = Math.log2(table.agreement / share)
      if (adjustment < 0) adjustments.set(value, Math.max(adjustment, -0.75 * Math.max(exact, 0)))
    }
    tfAdjustments.set(f, adjustments)
  }
  return { weights, priorWeight: Math.log2(model.prior / (1 - model.prior)), tfAdjustments }
}
