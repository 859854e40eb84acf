export {
  describeEvidence,
  describeRefusal,
  describeShared,
  type EvidenceStep,
  explainPair,
  explainPath,
  explainResolvedProfile,
  type MergeExplanation,
  type ProfileExplanation,
  type RefusedStep,
  type SharedStep,
} from './explain.js'
export {
  DEFAULT_KIND_LIMITS,
  DEFAULT_UNIQUE_KINDS,
  type IdentityRules,
  IdentityRulesSchema,
  isRoleMailbox,
  limitScope,
  type ReferenceRules,
  type ResolvedRules,
  ROLE_MAILBOXES,
  resolveRules,
  scopeLimit,
  type SharedValueRules,
} from './identity-rules.js'
export { eventName, namesCompatible, nameTokens } from './name-compatibility.js'
export { isPlaceholder, PLACEHOLDER_VALUES, type PlaceholderOptions } from './placeholder-values.js'
export {
  type IdentityWarning,
  profileIdFor,
  type RefusalReason,
  type RefusedEdge,
  type RegionResolution,
  type ResolvedProfile,
  type ResolveRegionOptions,
  resolveRegion,
  resolveRegionDetailed,
  type SharedValueReport,
  usableKeys,
} from './resolve-region.js'
export { detectSharedValue, SHARED_REASONS, type SharedReason, type SharedValue, staticRefusal } from './shared-value-detector.js'
export { UnionFind } from './union-find.js'
export { MATCH_DECISIONS, type MatchDecision, type Matcher, MatcherSchema, type MatchEvidence, type MatchResult } from './matcher.js'
export { DEFAULT_IDENTITY_REFERENCE_PATTERNS, DEFAULT_REFERENCE_TRAITS, extractReferences, recordReferences } from './business-references.js'
export { type EnrichOptions, enrichEvent } from './enrich-event.js'
export { globalPattern, isSafePattern, unsafePatternReason } from './safe-pattern.js'
export { extractStatedIdentifiers, MAX_SCANNED_TEXT } from './stated-identifiers.js'
export { type Suggestion, SUGGESTION_STATUSES, type SuggestionStatus } from './suggestion.js'
