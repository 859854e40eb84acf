import { z } from 'zod'
import type { CustomerEventInput, Identifier } from '../events/index.js'
import { normalizePhone } from '../events/index.js'
import { defineAdapter } from './channel-adapter.js'
import { parseDateText, ReceivedAt, toMillis } from './payload-fields.js'
import { type ChannelContext, companyActor } from './channel-context.js'

/** Twilio sends every parameter as a form-encoded string. */
const TwilioString = z.string()

/**
 * Twilio Voice webhook / status callback parameters, as documented by Twilio:
 * `CallSid`, `AccountSid`, `From`, `To`, `Direction` (`inbound`, `outbound-api`,
 * `outbound-dial`), `CallStatus` (`queued`, `ringing`, `in-progress`, `completed`, `busy`,
 * `failed`, `no-answer`, `canceled`), `CallDuration` (seconds, on completion), `Timestamp`
 * (RFC 2822), `CallerName`, `ParentCallSid`, `ForwardedFrom`, `RecordingUrl`. The TwiML
 * request Twilio makes when a call arrives has no `Timestamp`; the receiving endpoint may add
 * `ReceivedAt` (ISO 8601 or epoch ms), else that request is skipped and the status callbacks
 * carry the call.
 */
export const TwilioVoiceStatusSchema = z.looseObject({
  CallSid: z.string().regex(/^CA[0-9a-fA-F]{32}$|^CA\w+$/u, 'expected a Twilio CallSid (CA...)'),
  AccountSid: TwilioString.optional(),
  From: TwilioString,
  To: TwilioString,
  Direction: z.enum(['inbound', 'outbound-api', 'outbound-dial']),
  CallStatus: z.enum(['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled']),
  CallDuration: z.string().regex(/^\d+$/u).optional(),
  Timestamp: z.string().refine((text) => !Number.isNaN(parseDateText(text)), 'expected an RFC 2822 time').optional(),
  CallerName: TwilioString.optional(),
  ParentCallSid: TwilioString.optional(),
  ForwardedFrom: TwilioString.optional(),
  RecordingUrl: TwilioString.optional(),
  /** Added by the receiving endpoint: the first voice webhook (the TwiML request) has no `Timestamp`. */
  ReceivedAt: ReceivedAt.optional(),
})
export type TwilioVoiceStatus = z.output<typeof TwilioVoiceStatusSchema>

/** Later statuses replace earlier ones: a completed call carries its duration. */
const STATUS_REVISION: Record<TwilioVoiceStatus['CallStatus'], number> = {
  queued: 0,
  initiated: 0,
  ringing: 1,
  'in-progress': 2,
  completed: 3,
  busy: 3,
  failed: 3,
  'no-answer': 3,
  canceled: 3,
}

/** A Twilio party: a phone number, a `client:` identity, or a SIP address we do not use. */
export function twilioParty(raw: string, context: ChannelContext): Identifier | undefined {
  if (raw.startsWith('client:')) return { kind: 'client', value: raw.slice('client:'.length), grade: 'channel' }
  const phone = normalizePhone(raw, context.normalize)
  return phone ? { kind: 'phone', value: phone, grade: 'channel' } : undefined
}

/**
 * `twilio.voice.status`: one call event per CallSid, revised as its status advances
 * (`revision`: queued/initiated 0, ringing 1, in-progress 2, final statuses 3), because every
 * callback carries the whole call record; a `ringing` callback is therefore the call's first
 * revision, not a separate event. The customer is `From` on inbound calls and `To` on outbound
 * (for a forwarded `outbound-dial` leg, the party that is not the company); the company's own
 * numbers and its agents' `client:` identities are never customer identifiers. Legs of one call
 * share the thread `twilio.call:<ParentCallSid ?? CallSid>`.
 */
export const twilioVoiceStatus = defineAdapter({
  format: 'twilio.voice.status',
  schema: TwilioVoiceStatusSchema,
  toEvents(call, context) {
    const isCompany = (id: Identifier | undefined) =>
      id !== undefined &&
      (context.ownPhones.has(id.value) || context.agentsByHandle.has(id.kind === 'client' ? `client:${id.value}` : id.value))
    // A `<Dial>` child leg (`outbound-dial`) keeps the caller's number in `From` when the company
    // forwards an inbound call, so the customer is whichever party is not the company.
    const dialLegFromCustomer =
      call.Direction === 'outbound-dial' && !isCompany(twilioParty(call.From, context)) && isCompany(twilioParty(call.To, context))
    const inbound = call.Direction === 'inbound' || dialLegFromCustomer
    const customerParty = inbound ? call.From : call.To
    const companyParty = inbound ? call.To : call.From
    const customer = twilioParty(customerParty, context)
    const identifiers = customer && !isCompany(customer) ? [customer] : []
    const duration = call.CallDuration === undefined ? undefined : Number(call.CallDuration)
    const reported = call.Timestamp !== undefined ? parseDateText(call.Timestamp) : call.ReceivedAt !== undefined ? toMillis(call.ReceivedAt) : undefined
    // Twilio stamps the callback, not the call: a completed call started `CallDuration` earlier.
    const startedAt = reported === undefined ? undefined : reported - (duration ?? 0) * 1000
    if (startedAt === undefined) return { events: [], skipped: 'voice webhook without Timestamp or ReceivedAt: the call time is unknown' }
    const companyHandle = companyParty.startsWith('client:') ? companyParty : normalizePhone(companyParty, context.normalize)
    const event: CustomerEventInput = {
      type: 'call',
      occurredAt: startedAt,
      channel: 'voice',
      direction: inbound ? 'inbound' : 'outbound',
      actor: inbound
        ? { role: 'customer', ...(call.CallerName ? { name: call.CallerName } : {}) }
        : companyActor(context, [companyHandle]),
      identifiers,
      // Caller ID names (CNAM) are often a carrier label such as "WIRELESS CALLER": kept apart from `name`.
      traits: inbound && call.CallerName ? { callerName: call.CallerName } : {},
      content: { status: call.CallStatus, ...(duration === undefined ? {} : { durationSeconds: duration }) },
      thread: { key: `twilio.call:${call.ParentCallSid ?? call.CallSid}`, messageId: call.CallSid },
      revision: STATUS_REVISION[call.CallStatus],
      source: { system: 'twilio.voice', id: call.CallSid, format: 'twilio.voice.status' },
      data: {
        callStatus: call.CallStatus,
        ...(call.ForwardedFrom ? { forwardedFrom: call.ForwardedFrom } : {}),
        ...(call.RecordingUrl ? { recordingUrl: call.RecordingUrl } : {}),
        ...(call.ParentCallSid ? { parentCallSid: call.ParentCallSid } : {}),
      },
    }
    return { events: [event] }
  },
})
