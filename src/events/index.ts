export {
  ACTOR_ROLES,
  type Actor,
  ActorSchema,
  type ActorRole,
  CHANNELS,
  type Channel,
  CONSENT_PURPOSES,
  type ConsentPurpose,
  type ConsentSignal,
  ConsentSignalSchema,
  type Content,
  ContentSchema,
  type CustomerEvent,
  type CustomerEventInput,
  CustomerEventSchema,
  DIRECTIONS,
  type Direction,
  EVENT_TYPES,
  type EventType,
  SourceSchema,
  type Thread,
  ThreadSchema,
  type Traits,
  TraitsSchema,
} from './customer-event.js'
export { deepFreeze } from './deep-freeze.js'
export { eventIdFor, stableHash } from './event-id.js'
export {
  IDENTIFIER_GRADES,
  IDENTIFIER_KINDS,
  type Identifier,
  type IdentifierGrade,
  type IdentifierInput,
  type IdentifierKind,
  IdentifierSchema,
  identifierKey,
  type NormalizeOptions,
  normalizeEmail,
  normalizeIdentifierValue,
  normalizePhone,
  parseIdentifierKey,
} from './identifier.js'
export { compareEvents, compareText, eventJsonSchema, type ParseEventResult, parseEvent } from './parse-event.js'
export { compiledSchema } from './compiled-schema.js'
export { canonicalIsoText, isoFromMillis } from './iso-time.js'
