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
export {
  type ActionOptions,
  type ActionResult,
  type CaseCallOptions,
  type CaseMethods,
  type CommitmentInput,
} from './engine/index.js'
export {
  type BriefFormat,
  type BriefInput,
  type BriefItem,
  type BriefProfile,
  buildBrief,
  buildCases,
  type BusinessCalendarInput,
  type Case,
  type CaseBrief,
  type CaseOptions,
  type ClockStatus,
  type Commitment,
  type CommitmentStatus,
  createBusinessCalendar,
  DEFAULT_REFERENCE_PATTERNS,
  DEFAULT_SLA_POLICIES,
  extractCommitments,
  type HandoffBrief,
  renderBrief,
  type ResponseClock,
  type SlaPolicyInput,
  type StatedFact,
} from './cases/index.js'
