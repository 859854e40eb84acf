export {
  type BlockingOptions,
  type BlockingRule,
  type CandidatePairs,
  DEFAULT_BLOCKING_RULES,
  generateCandidatePairs,
  LARGE_FILE_BLOCKING_RULES,
  type OversizedBlock,
} from './blocking.js'
export { type ClusterPairsOptions, type Clustering, clusterPairs, type ScoredPair } from './cluster-pairs.js'
export { compareDates } from './compare-dates.js'
export { compareRecords, FIELD_COUNT, levelOf } from './compare-records.js'
export { COMPARISON_LEVELS, type ComparisonLevel } from './comparison-level.js'
export { damerauLevenshtein } from './damerau-levenshtein.js'
export {
  DEFAULT_THRESHOLDS,
  type DedupeOptions,
  type DedupePair,
  type DedupeResult,
  type DedupeStats,
  dedupe,
} from './dedupe.js'
export { jaroWinkler } from './jaro-winkler.js'
export {
  type CompiledModel,
  compileModel,
  defaultModel,
  type FieldParameters,
  MATCH_MODEL_VERSION,
  type MatchModel,
  MatchModelSchema,
  TERM_FREQUENCY_FIELDS,
  type TermFrequency,
  type TermFrequencyField,
} from './match-model.js'
export { type NormalizedRecord, normalizePhoneDigits, normalizeRecord, normalizeText } from './normalize-record.js'
export { numericCloseness } from './numeric-closeness.js'
export { PreparedRecords, PrepareOptionsSchema, prepareRecords } from './prepared-records.js'
export { PERSON_FIELDS, type PersonField, type PersonRecord, PersonRecordSchema, parseBirthDate } from './person-record.js'
export { phoneticCode, phoneticCodesMeet, soundsAlike } from './phonetic-code.js'
export { type FieldEvidence, type PairScore, probabilityOf, scorePair } from './score-pair.js'
export { seededRandom } from './seeded-random.js'
export { tokenSetSimilarity } from './token-set-similarity.js'
export { type TrainModelOptions, trainModel } from './train-model.js'
export { createPersonMatcher, type PersonMatcherOptions, personRecordOf } from './person-matcher.js'
