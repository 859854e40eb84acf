export {
  ADAPTERS,
  ASYNC_FORMATS,
  adapt,
  adaptAsync,
  type AdapterOutput,
  payloadError,
  type AdaptResult,
  type AsyncFormat,
  type ChannelAdapter,
  type ChannelContext,
  type ChannelContextInput,
  createChannelContext,
  CSV_COLUMN_ROLES,
  FORMATS,
  type Format,
  formatJsonSchema,
  isFormat,
  safeAdapt,
  safeAdaptAsync,
  type SyncFormat,
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
  type NormalizeOptions,
  normalizePhone,
  type ParseEventResult,
  parseEvent,
} from './events/index.js'
export { type EvidenceStep, type IdentityRules, isPlaceholder, type MergeExplanation, type PlaceholderOptions } from './identity/index.js'
export type { Profile, ProfileIdentifier, ProfileTrait, Provenance } from './profile/index.js'
export {
  type ChangeRecord,
  createMemoryStore,
  type EvidenceEdge,
  type Link,
  type Store,
  type StoredProfile,
  type StoreReader,
  type StoreWriter,
  type Suppression,
} from './store/index.js'
export { buildConversations, type Conversation, type TimelineEntry } from './timeline/index.js'
export type { ActionOptions, ActionResult, ApiActor, ChangesOptions, ChangeSubscriber, ConsentChange, ErasureOptions, EraseOptions, ErasureReport, ErrorReporter, SuppressionTarget } from './engine/index.js'
export { API_SOURCE_SYSTEM } from './engine/index.js'
export {
  CONTACT_CHANNELS,
  CONTACT_PURPOSES,
  CONTACT_REASONS,
  type ConsentOptions,
  type ConsentRecord,
  type ConsentState,
  type ContactChannel,
  type ContactDecision,
  type ContactPurpose,
  type ContactReason,
  DEFAULT_SURVIVORSHIP,
  decideContact,
  type DoNotContact,
  type FieldRule,
  type PreferredChannel,
  type ProfileOptions,
  SURVIVORSHIP_RULES,
  type SurvivorshipOptions,
  type SurvivorshipRuleName,
} from './profile/index.js'
export { loadSnapshot, type MemorySnapshot, type MemoryStore, type MemoryStoreOptions, saveSnapshot } from './store/index.js'
