export {
  adapt,
  type AdaptResult,
  type ChannelAdapter,
  type ChannelContext,
  type ChannelContextInput,
  createChannelContext,
  FORMATS,
  safeAdapt,
} from './channels/index.js'
export { type Clock, systemClock } from './clock.js'
export {
  createEngine,
  type Engine,
  type EngineOptions,
  type FormattedPayload,
  type IngestOptions,
  type IngestReport,
  type Lookup,
  type RejectedInput,
} from './engine/index.js'
export { ERROR_CODES, type ErrorCode, type Issue, ThroughlineError } from './errors.js'
export {
  type Actor,
  CHANNELS,
  type Channel,
  type CustomerEvent,
  type CustomerEventInput,
  CustomerEventSchema,
  eventIdFor,
  eventJsonSchema,
  IDENTIFIER_KINDS,
  type Identifier,
  type IdentifierKind,
  normalizeEmail,
  normalizePhone,
  parseEvent,
} from './events/index.js'
export { type EvidenceStep, isPlaceholder, type MergeExplanation } from './identity/index.js'
export type { Profile, ProfileIdentifier, ProfileTrait, Provenance } from './profile/index.js'
export { type ChangeRecord, createMemoryStore, type Link, type Store, type StoredProfile } from './store/index.js'
export type { TimelineEntry } from './timeline/index.js'
export type { IdentityMethods, IdentityOptions, RuleChangeReport, SuggestionQuery, UnmergeInput, UnmergeResult } from './engine/index.js'
export {
  DEFAULT_KIND_LIMITS,
  DEFAULT_REFERENCE_PATTERNS,
  DEFAULT_REFERENCE_TRAITS,
  DEFAULT_UNIQUE_KINDS,
  extractReferences,
  extractStatedIdentifiers,
  type IdentityRules,
  type IdentityWarning,
  isRoleMailbox,
  isSafePattern,
  type Matcher,
  type MatchDecision,
  type MatchEvidence,
  type MatchResult,
  namesCompatible,
  PLACEHOLDER_VALUES,
  type ProfileExplanation,
  type RefusalReason,
  type RefusedStep,
  ROLE_MAILBOXES,
  type SharedReason,
  type SharedStep,
  type Suggestion,
  type SuggestionStatus,
} from './identity/index.js'
