import { z } from 'zod'
import { eventIdFor } from './event-id.js'
import { IdentifierSchema } from './identifier.js'
import { canonicalIsoText, isoFromMillis } from './iso-time.js'

/** Channels a contact can arrive on. `system` is for actions taken through the API. */
export const CHANNELS = [
  'email',
  'voice',
  'sms',
  'chat',
  'x',
  'messenger',
  'instagram',
  'whatsapp',
  'web',
  'crm',
  'system',
] as const
export type Channel = (typeof CHANNELS)[number]

export const DIRECTIONS = ['inbound', 'outbound', 'internal'] as const
export type Direction = (typeof DIRECTIONS)[number]

/**
 * What an event is:
 * - `message`: something said in writing (email, chat, post, DM, SMS).
 * - `call`: a phone call; `transcript`: words spoken in a call (`about` names the call).
 * - `record`: a row of the company's own records (CRM or contact export).
 * - `status`: a delivery or call status for the event named by `about`.
 * - `action`: something done through the API (assignment, commitment, consent, case change).
 */
export const EVENT_TYPES = ['message', 'call', 'transcript', 'record', 'status', 'action'] as const
export type EventType = (typeof EVENT_TYPES)[number]

export const ACTOR_ROLES = ['customer', 'agent', 'bot', 'system'] as const
export type ActorRole = (typeof ACTOR_ROLES)[number]

/** Who did it. Agents and bots are named so that no reply is anonymous. */
export const ActorSchema = z.object({
  role: z.enum(ACTOR_ROLES),
  id: z.string().min(1).max(256).optional(),
  name: z.string().min(1).max(256).optional(),
})
export type Actor = z.output<typeof ActorSchema>

/**
 * Scalar traits about the customer. Well-known names: `name`, `givenName`, `familyName`,
 * `birthDate` (YYYY-MM-DD), `street`, `streetNumber`, `address2`, `city`, `postcode`, `state`,
 * `country`, `company`, `username`, `nationalId`, `language`. Others are kept as given.
 */
export const TraitsSchema = z.record(
  z.string().min(1).max(128),
  z.union([z.string().max(4096), z.number(), z.boolean(), z.null()]),
)
export type Traits = z.output<typeof TraitsSchema>

export const CONSENT_PURPOSES = ['any', 'service', 'marketing'] as const
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number]

/** A consent signal carried by an event: an opt-in, or an opt-out such as an SMS "STOP". */
export const ConsentSignalSchema = z.object({
  channel: z.union([z.enum(CHANNELS), z.literal('any')]),
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
})
export type ConsentSignal = z.output<typeof ConsentSignalSchema>

export const ContentSchema = z.object({
  subject: z.string().max(4096).optional(),
  text: z.string().max(1_000_000).optional(),
  /** Number of attachments or media items. */
  attachments: z.number().int().nonnegative().optional(),
  /** Call length, in seconds. */
  durationSeconds: z.number().nonnegative().optional(),
  /** Provider status: `completed`, `no-answer`, `delivered`, `read`, ... */
  status: z.string().max(64).optional(),
})
export type Content = z.output<typeof ContentSchema>

/** What ties the event to a conversation on its channel. */
export const ThreadSchema = z.object({
  /** Channel-scoped conversation key, e.g. `twilio.call:CA42` or `x.conversation:1850`. */
  key: z.string().min(1).max(1024).optional(),
  /** Email Message-ID, chat message id, post id. */
  messageId: z.string().min(1).max(1024).optional(),
  inReplyTo: z.string().min(1).max(1024).optional(),
  references: z.array(z.string().min(1).max(1024)).max(500).optional(),
})
export type Thread = z.output<typeof ThreadSchema>

export const SourceSchema = z.object({
  /** The system that produced the record, e.g. `twilio.voice`, `email`, `chatwoot`. */
  system: z.string().min(1).max(128),
  /** The record's id in that system (CallSid, Message-ID, ...). */
  id: z.string().min(1).max(1024),
  /** The adapter format id that produced the event, when one did. */
  format: z.string().min(1).max(128).optional(),
})

const Timestamp = z
  .union([z.iso.datetime({ offset: true }), z.date(), z.number().finite()])
  .transform((value, ctx) => {
    // Most times arrive as canonical UTC text or whole milliseconds: answered without a Date.
    const fast = typeof value === 'string' ? canonicalIsoText(value) : typeof value === 'number' ? isoFromMillis(value) : undefined
    if (fast !== undefined) return fast
    const date = value instanceof Date ? value : new Date(value)
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'not a valid time' })
      return z.NEVER
    }
    return date.toISOString()
  })

const JsonObject = z.record(z.string(), z.unknown())

/**
 * The canonical event: one thing that happened between the company and a customer.
 * `id` is derived from `source` when omitted (see {@link eventIdFor}); `occurredAt` accepts an
 * ISO 8601 string with offset, a Date or epoch milliseconds, and is stored as UTC ISO text.
 */
export const CustomerEventSchema = z
  .object({
    id: z.string().min(1).max(256).optional(),
    type: z.enum(EVENT_TYPES).default('message'),
    occurredAt: Timestamp,
    channel: z.enum(CHANNELS),
    direction: z.enum(DIRECTIONS),
    actor: ActorSchema,
    identifiers: z.array(IdentifierSchema).max(200).default([]),
    traits: TraitsSchema.default({}),
    consent: z.array(ConsentSignalSchema).max(50).optional(),
    content: ContentSchema.optional(),
    thread: ThreadSchema.optional(),
    /** An explicit case reference (a ticket id the company gave the customer). */
    caseRef: z.string().min(1).max(256).optional(),
    /** The event this one is about: a transcript's call, a status's message, an action's subject. */
    about: z.string().min(1).max(256).optional(),
    /** Later revisions of the same source record replace earlier ones (a call that completed). */
    revision: z.number().int().nonnegative().default(0),
    source: SourceSchema,
    /** Provider fields kept for reference; JSON values only. */
    data: JsonObject.optional(),
  })
  .transform((event) => {
    // The object is zod's fresh output, so it is completed in place rather than copied: an `id`
    // the input did not have lands last either way, and one it had keeps its place.
    return Object.assign(event, { id: event.id ?? eventIdFor(event.source.system, event.source.id) })
  })

/** A validated event, as stored. */
export type CustomerEvent = z.output<typeof CustomerEventSchema>
/** What callers may pass to `ingest`: defaults are filled in and the id derived when absent. */
export type CustomerEventInput = z.input<typeof CustomerEventSchema>
