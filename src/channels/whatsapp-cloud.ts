import { z } from 'zod'
import type { CustomerEventInput, Identifier } from '../events/index.js'
import { eventIdFor, normalizePhone } from '../events/index.js'
import { defineAdapter } from './channel-adapter.js'
import { type ChannelContext, companyActor } from './channel-context.js'
import { fromUnixSeconds, text, UnixSeconds } from './payload-fields.js'

const WaId = z.string().regex(/^\d{4,20}$/u, 'expected a wa_id (digits without +)')
const Caption = z.looseObject({ caption: z.string().optional() }).optional()

/** A message in `value.messages[]` (or `value.message_echoes[]` for coexistence echoes). */
const WhatsAppMessageSchema = z.looseObject({
  id: z.string().min(1).max(1024),
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
  from_user_id: z.string().max(256).optional(),
  timestamp: UnixSeconds,
  type: z.string().min(1),
  text: z.looseObject({ body: z.string().max(100_000) }).optional(),
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  interactive: z
    .looseObject({
      type: z.string().optional(),
      button_reply: z.looseObject({ id: z.string().optional(), title: z.string().optional() }).optional(),
      list_reply: z.looseObject({ id: z.string().optional(), title: z.string().optional(), description: z.string().optional() }).optional(),
    })
    .optional(),
  image: Caption,
  video: Caption,
  document: z.looseObject({ caption: z.string().optional(), filename: z.string().optional() }).optional(),
  reaction: z.looseObject({ message_id: z.string().optional(), emoji: z.string().optional() }).optional(),
  context: z.looseObject({ id: z.string().optional(), from: z.string().optional() }).optional(),
})

const WhatsAppStatusSchema = z.looseObject({
  id: z.string().min(1).max(1024),
  status: z.string().min(1).max(64),
  timestamp: UnixSeconds,
  recipient_id: z.string().max(64).optional(),
  recipient_user_id: z.string().max(256).optional(),
  errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().optional() })).optional(),
})

/**
 * WhatsApp Cloud API webhook body, with Meta's field names: `object`
 * (`whatsapp_business_account`), `entry[].changes[].value` holding `metadata`
 * (`phone_number_id`, `display_phone_number`), `contacts[]` (`wa_id`, `profile.name`, and the
 * business-scoped `user_id` where Meta sends one), `messages[]` (`from`, `id`, `timestamp` in
 * Unix seconds, `type`, `text.body`, `button.text`, `interactive.button_reply.title`,
 * `interactive.list_reply.title`, `image|video|document.caption`, `context.id`), `statuses[]`
 * (`id`, `status` sent/delivered/read/failed, `recipient_id`, `timestamp`, `errors`) and, for
 * WhatsApp Business app coexistence, `message_echoes[]` (messages the business sent from the app).
 */
export const WhatsAppCloudSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        changes: z
          .array(
            z.looseObject({
              field: z.string().optional(),
              value: z.looseObject({
                messaging_product: z.string().optional(),
                metadata: z.looseObject({ phone_number_id: z.string().min(1), display_phone_number: z.string().optional() }),
                contacts: z
                  .array(z.looseObject({ wa_id: WaId.optional(), user_id: z.string().optional(), profile: z.looseObject({ name: z.string().optional() }).optional() }))
                  .max(1000)
                  .optional(),
                messages: z.array(WhatsAppMessageSchema).max(1000).optional(),
                message_echoes: z.array(WhatsAppMessageSchema).max(1000).optional(),
                statuses: z.array(WhatsAppStatusSchema).max(1000).optional(),
              }),
            }),
          )
          .max(1000),
      }),
    )
    .max(1000),
})
export type WhatsAppCloud = z.output<typeof WhatsAppCloudSchema>
type WhatsAppMessage = z.output<typeof WhatsAppMessageSchema>

/** What the customer said or chose, for each message `type`. */
function messageText(message: WhatsAppMessage): string | undefined {
  return text(
    message.text?.body ??
      message.button?.text ??
      message.interactive?.button_reply?.title ??
      message.interactive?.list_reply?.title ??
      message.image?.caption ??
      message.video?.caption ??
      message.document?.caption ??
      message.reaction?.emoji,
  )
}

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker'])

/**
 * `whatsapp.cloud`: one event per message, echo or status in the body.
 * - `messages[]`: inbound `message` from the customer: `phone` from `wa_id`/`from` (digits, read
 *   as E.164), or the business-scoped `whatsapp:` user id when no number is given; the profile
 *   name becomes the `name` trait.
 * - `message_echoes[]`: outbound `message` to `to`, named by the agent directory.
 * - `statuses[]`: a `status` event `about` the sent message (`eventIdFor('whatsapp', id)`).
 *   Statuses carry no text, so they are not revisions of the message; each
 *   `<id>:<status>` is its own record, so redelivery is idempotent.
 * The company's `display_phone_number` and `phone_number_id` never become customer identifiers.
 * Thread: `whatsapp:<phone_number_id>:<wa_id or user id>`.
 */
export const whatsappCloud = defineAdapter({
  format: 'whatsapp.cloud',
  schema: WhatsAppCloudSchema,
  toEvents(payload, context) {
    const events: CustomerEventInput[] = []
    let empty = 0
    for (const entry of payload.entry) {
      for (const change of entry.changes) {
        const value = change.value
        const numberId = value.metadata.phone_number_id
        const companyPhone = value.metadata.display_phone_number
        const names = new Map<string, string>()
        for (const contact of value.contacts ?? []) {
          const name = text(contact.profile?.name)
          if (name && contact.wa_id) names.set(contact.wa_id, name)
          if (name && contact.user_id) names.set(contact.user_id, name)
        }
        const customerOf = (waId: string | undefined, userId: string | undefined) => customerIdentity(waId, userId, companyPhone, context)
        for (const message of value.messages ?? []) {
          const who = customerOf(message.from, message.from_user_id)
          const name = names.get(message.from ?? '') ?? names.get(message.from_user_id ?? '')
          events.push(messageEvent(message, 'inbound', who, numberId, { role: 'customer', ...(name ? { name } : {}) }, name))
        }
        for (const echo of value.message_echoes ?? []) {
          const who = customerOf(echo.to, undefined)
          events.push(messageEvent(echo, 'outbound', who, numberId, companyActor(context, [numberId, companyPhone && normalizePhone(companyPhone, context.normalize)]), undefined))
        }
        for (const status of value.statuses ?? []) {
          const who = customerOf(status.recipient_id, status.recipient_user_id)
          events.push({
            type: 'status',
            occurredAt: fromUnixSeconds(status.timestamp),
            channel: 'whatsapp',
            direction: 'outbound',
            actor: { role: 'system', id: 'whatsapp' },
            identifiers: who.identifiers,
            content: { status: status.status },
            thread: { key: `whatsapp:${numberId}:${who.key}` },
            about: eventIdFor('whatsapp', status.id),
            source: { system: 'whatsapp.status', id: `${status.id}:${status.status}`, format: 'whatsapp.cloud' },
            ...(status.errors?.length ? { data: { errors: status.errors.map((e) => e.title ?? String(e.code ?? '')) } } : {}),
          })
        }
        if (!value.messages?.length && !value.message_echoes?.length && !value.statuses?.length) empty += 1
      }
    }
    return empty > 0 ? { events, skipped: `${empty} change(s) without messages or statuses` } : { events }
  },
})

/** The customer's identifiers and thread key: their number, else their business-scoped id. */
function customerIdentity(
  waId: string | undefined,
  userId: string | undefined,
  companyPhone: string | undefined,
  context: ChannelContext,
): { identifiers: Identifier[]; key: string } {
  const phone = waId ? normalizePhone(waId, context.normalize) : undefined
  const own = companyPhone ? normalizePhone(companyPhone, context.normalize) : undefined
  if (phone && phone !== own && !context.ownPhones.has(phone)) return { identifiers: [{ kind: 'phone', value: phone, grade: 'channel' }], key: waId ?? phone }
  const scoped = text(userId)
  if (scoped) return { identifiers: [{ kind: 'whatsapp', value: scoped, grade: 'channel' }], key: scoped }
  return { identifiers: [], key: waId ?? 'unknown' }
}

function messageEvent(
  message: WhatsAppMessage,
  direction: 'inbound' | 'outbound',
  who: { identifiers: Identifier[]; key: string },
  numberId: string,
  actor: CustomerEventInput['actor'],
  name: string | undefined,
): CustomerEventInput {
  const body = messageText(message)
  const replyTo = message.context?.id
  return {
    type: 'message',
    occurredAt: fromUnixSeconds(message.timestamp),
    channel: 'whatsapp',
    direction,
    actor,
    identifiers: who.identifiers,
    traits: name ? { name } : {},
    content: { ...(body ? { text: body } : {}), ...(MEDIA_TYPES.has(message.type) ? { attachments: 1 } : {}) },
    thread: { key: `whatsapp:${numberId}:${who.key}`, messageId: message.id, ...(replyTo ? { inReplyTo: replyTo } : {}) },
    source: { system: 'whatsapp', id: message.id, format: 'whatsapp.cloud' },
    data: { type: message.type },
  }
}
