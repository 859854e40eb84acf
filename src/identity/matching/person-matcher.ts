import { type CustomerEvent, stableHash } from '../../events/index.js'
import type { Matcher, MatchResult } from '../matcher.js'
import { type BlockingRule, DEFAULT_BLOCKING_RULES } from './blocking.js'
import { DEFAULT_THRESHOLDS } from './dedupe.js'
import { defaultModel, type MatchModel } from './match-model.js'
import { normalizeRecord } from './normalize-record.js'
import type { PersonRecord } from './person-record.js'
import { scorePair } from './score-pair.js'

export interface PersonMatcherOptions {
  /** A model from `trainModel` over the company's records. Default: `defaultModel()`, untrained priors. */
  readonly model?: MatchModel
  /** Match weight (log2 odds) at or above which two events are joined. Default 5 (p ≈ 0.97). */
  readonly mergeThreshold?: number
  /** Match weight at or above which a pair is suggested for review. Default 0. */
  readonly reviewThreshold?: number
  readonly rules?: readonly BlockingRule[]
  /** Blocks larger than this are not compared. Default 200. */
  readonly maxBlockSize?: number
}

const TRAIT_FIELDS = ['givenName', 'familyName', 'name', 'birthDate', 'streetNumber', 'street', 'address2', 'city', 'postcode', 'state', 'nationalId'] as const
/** Without a name and one more attribute, similarity says little about who a person is. */
const CORROBORATING = ['birthDate', 'street', 'postcode', 'nationalId', 'city'] as const

/**
 * The person record an event describes: its traits plus its first email and phone, or
 * `undefined` when it says too little to be compared (no name, or a name alone).
 */
export function personRecordOf(event: CustomerEvent): PersonRecord | undefined {
  const text = (name: string) => {
    const value = event.traits[name]
    return typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : undefined
  }
  const hasName = text('name') !== undefined || text('familyName') !== undefined
  if (!hasName || !CORROBORATING.some((field) => text(field) !== undefined)) return undefined
  const record: Record<string, string> = { id: event.id }
  for (const field of TRAIT_FIELDS) {
    const value = text(field)
    if (value !== undefined) record[field] = value
  }
  const email = event.identifiers.find((id) => id.kind === 'email')
  const phone = event.identifiers.find((id) => id.kind === 'phone')
  if (email) record.email = email.value
  if (phone) record.phone = phone.value
  return record as unknown as PersonRecord
}

/**
 * The Fellegi-Sunter matcher as the engine's {@link Matcher}: blocking rules give candidate
 * keys, `scorePair` the weight and per-field evidence shown by `explain`. Pass a trained model
 * for best results; the model is data, so the same model gives the same links in any order.
 * @example createEngine({ identity: { matcher: createPersonMatcher({ model: trainModel(records) }) } })
 */
export function createPersonMatcher(options: PersonMatcherOptions = {}): Matcher {
  const model = options.model ?? defaultModel()
  const merge = options.mergeThreshold ?? DEFAULT_THRESHOLDS.merge
  const review = Math.min(options.reviewThreshold ?? DEFAULT_THRESHOLDS.review, merge)
  const rules = options.rules ?? DEFAULT_BLOCKING_RULES
  const records = new WeakMap<CustomerEvent, PersonRecord | null>()
  const recordOf = (event: CustomerEvent) => {
    let record = records.get(event)
    if (record === undefined) {
      record = personRecordOf(event) ?? null
      records.set(event, record)
    }
    return record
  }
  return {
    // The id names the exact model, so links record which model made them.
    id: `fellegi-sunter@${model.version}:${stableHash(JSON.stringify(model)).slice(0, 12)}`,
    ...(options.maxBlockSize === undefined ? {} : { maxBlockSize: options.maxBlockSize }),
    candidateKeys(event) {
      const record = recordOf(event)
      if (!record) return []
      const normalized = normalizeRecord(record)
      return rules.flatMap((rule) => {
        const key = rule.key(normalized)
        return key === undefined ? [] : [`${rule.name}:${key}`]
      })
    },
    score(a, b): MatchResult {
      const left = recordOf(a)
      const right = recordOf(b)
      if (!left || !right) return { score: Number.NEGATIVE_INFINITY, decision: 'none', evidence: [] }
      const pair = scorePair(left, right, model)
      return {
        score: pair.score,
        decision: pair.score >= merge ? 'merge' : pair.score >= review ? 'review' : 'none',
        evidence: pair.evidence.filter((e) => e.level !== 'missing').map((e) => ({ field: e.field, outcome: e.level, weight: e.weight })),
      }
    },
  }
}
