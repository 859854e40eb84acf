import { z } from 'zod'
import type { ConsentSignal, CustomerEventInput, Identifier } from '../events/index.js'
import { eventIdFor, normalizePhone } from '../events/index.js'
import { defineAdapter } from './channel-adapter.js'
import { companyActor } from './channel-context.js'
import { ReceivedAt, text, toMillis } from './payload-fields.js'

/**
 * Twilio Messaging webhook parameters (incoming message and status callback), as Twilio
 * documents them: `MessageSid` (`SM...`/`MM...`), `AccountSid`, `MessagingServiceSid`, `From`,
 * `To`, `Body`, `NumMedia`, `MediaUrl0..n`, `MediaContentType0..n`, `SmsStatus`,
 * `MessageStatus` (`queued`, `sending`, `sent`, `delivered`, `undelivered`, `failed`, `read`,
 * `received`, ...), `ErrorCode`, `OptOutType` (Advanced Opt-Out: `STOP`, `START`, `HELP`).
 *
 * Twilio sends no time with a messaging webhook, so the receiving endpoint adds `ReceivedAt`
 * (ISO 8601 with offset, or epoch milliseconds) when the request arrives. Without it the event
 * would have no place on the timeline, so it is required.
 */
export const TwilioSmsSchema = z.looseObject({
  MessageSid: z.string().regex(/^(SM|MM)\w+$/u, 'expected a Twilio MessageSid (SM... or MM...)'),
  AccountSid: z.string().optional(),
  MessagingServiceSid: z.string().optional(),
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string().max(100_000).optional(),
  NumMedia: z.string().regex(/^\d+$/u).optional(),
  SmsStatus: z.string().optional(),
  MessageStatus: z.string().max(64).optional(),
  ErrorCode: z.string().optional(),
  OptOutType: z.string().optional(),
  ReceivedAt,
})
export type TwilioSms = z.output<typeof TwilioSmsSchema>

/** Twilio's default opt-out and opt-in keywords; Twilio matches the whole body, case-insensitively. */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'])
const OPT_IN = new Set(['START', 'YES', 'UNSTOP'])

/** The consent an SMS body signals, if it is one of the keywords Twilio acts on. */
export function smsConsent(body: string | undefined, optOutType: string | undefined): ConsentSignal[] | undefined {
  const keyword = (optOutType ?? body ?? '').trim().toUpperCase().replace(/\s+/gu, ' ')
  if (OPT_OUT.has(keyword)) return [{ channel: 'sms', purpose: 'any', granted: false }]
  if (OPT_IN.has(keyword)) return [{ channel: 'sms', purpose: 'any', granted: true }]
  return undefined
}

/** Statuses of a message the company sent; `received` is an incoming message. */
const OUTBOUND_STATUSES = new Set(['accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'read', 'canceled'])

/**
 * `twilio.sms`: an SMS/MMS to or from the company's numbers.
 * - An incoming message (`Body` present, status `received`) is an inbound `message` from `From`.
 * - A message whose `From` is the company's number and that carries `Body` is outbound, with the
 *   customer at `To`.
 * - A status callback (`MessageStatus` of a sent message, no `Body`) is a `status` event whose
 *   `about` is the message's event id: it carries no text, so it cannot revise the message
 *   without erasing what was said. Each status is its own record (`<MessageSid>:<status>`), so a
 *   redelivered callback is a duplicate.
 * The thread is the pair of numbers: `twilio.sms:<company number>:<customer number>`.
 */
export const twilioSms = defineAdapter({
  format: 'twilio.sms',
  schema: TwilioSmsSchema,
  toEvents(sms, context) {
    const from = normalizePhone(sms.From, context.normalize)
    const to = normalizePhone(sms.To, context.normalize)
    const status = (sms.MessageStatus ?? sms.SmsStatus)?.toLowerCase()
    const fromCompany = (from !== undefined && context.ownPhones.has(from)) || (status !== undefined && OUTBOUND_STATUSES.has(status))
    const customer = fromCompany ? to : from
    const company = fromCompany ? from : to
    const identifiers: Identifier[] =
      customer && !context.ownPhones.has(customer) ? [{ kind: 'phone', value: customer, grade: 'channel' }] : []
    const thread = { key: `twilio.sms:${company ?? (fromCompany ? sms.From : sms.To)}:${customer ?? (fromCompany ? sms.To : sms.From)}` }
    const occurredAt = toMillis(sms.ReceivedAt)
    const messageEventId = eventIdFor('twilio.sms', sms.MessageSid)

    if (sms.Body === undefined && fromCompany && status !== undefined) {
      const event: CustomerEventInput = {
        type: 'status',
        occurredAt,
        channel: 'sms',
        direction: 'outbound',
        actor: { role: 'system', id: 'twilio' },
        identifiers,
        content: { status },
        thread: { ...thread, messageId: sms.MessageSid },
        about: messageEventId,
        source: { system: 'twilio.sms.status', id: `${sms.MessageSid}:${status}`, format: 'twilio.sms' },
        ...(sms.ErrorCode ? { data: { errorCode: sms.ErrorCode } } : {}),
      }
      return { events: [event] }
    }
    if (sms.Body === undefined) return { events: [], skipped: 'message webhook without Body or MessageStatus: nothing to record' }

    const media = sms.NumMedia === undefined ? 0 : Number(sms.NumMedia)
    const mediaUrls = Array.from({ length: Math.min(media, 10) }, (_, index) => (sms as Record<string, unknown>)[`MediaUrl${index}`]).filter(
      (url): url is string => typeof url === 'string',
    )
    const consent = fromCompany ? undefined : smsConsent(sms.Body, sms.OptOutType)
    const body = text(sms.Body)
    const event: CustomerEventInput = {
      type: 'message',
      occurredAt,
      channel: 'sms',
      direction: fromCompany ? 'outbound' : 'inbound',
      actor: fromCompany ? companyActor(context, [from, sms.MessagingServiceSid]) : { role: 'customer' },
      identifiers,
      ...(consent ? { consent } : {}),
      content: { ...(body ? { text: body } : {}), ...(media > 0 ? { attachments: media } : {}), ...(status ? { status } : {}) },
      thread: { ...thread, messageId: sms.MessageSid },
      source: { system: 'twilio.sms', id: sms.MessageSid, format: 'twilio.sms' },
      ...(mediaUrls.length > 0 ? { data: { mediaUrls } } : {}),
    }
    return { events: [event] }
  },
})
