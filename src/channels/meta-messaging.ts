import { z } from 'zod'
import type { CustomerEventInput } from '../events/index.js'
import { eventIdFor } from '../events/index.js'
import type { AdapterOutput } from './channel-adapter.js'
import { type ChannelContext, companyActor } from './channel-context.js'
import { text } from './payload-fields.js'

/** Meta ids (PSID, IGSID, page and account ids) are decimal strings. */
const MetaId = z.string().regex(/^\d{1,40}$/u, 'expected a Meta id (digits)')

/** Meta sends `timestamp` in epoch milliseconds in messaging events. */
const EpochMillis = z.number().int().nonnegative().max(8.64e15)

/**
 * One item of `entry[].messaging[]`, shared by the Messenger Platform and Instagram messaging
 * webhooks: `sender.id`, `recipient.id`, `timestamp`, `message` (`mid`, `text`, `is_echo`,
 * `app_id`, `attachments`, `reply_to.mid`, `is_deleted`), `postback` (`mid`, `title`,
 * `payload`), `delivery` (`mids`, `watermark`), `read` (`watermark`; Instagram adds `mid`),
 * `reaction`.
 */
export const MetaMessagingItemSchema = z.looseObject({
  sender: z.looseObject({ id: MetaId }),
  recipient: z.looseObject({ id: MetaId }),
  timestamp: EpochMillis,
  message: z
    .looseObject({
      mid: z.string().min(1).max(1024),
      text: z.string().max(100_000).optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      app_id: z.union([z.number(), z.string()]).optional(),
      attachments: z.array(z.unknown()).max(100).optional(),
      reply_to: z.looseObject({ mid: z.string().min(1).max(1024).optional() }).optional(),
    })
    .optional(),
  postback: z.looseObject({ mid: z.string().min(1).max(1024).optional(), title: z.string().optional(), payload: z.string().optional() }).optional(),
  delivery: z.looseObject({ mids: z.array(z.string().min(1).max(1024)).max(1000).optional(), watermark: z.number().optional() }).optional(),
  read: z.looseObject({ mid: z.string().min(1).max(1024).optional(), watermark: z.number().optional() }).optional(),
})
type MetaMessagingItem = z.output<typeof MetaMessagingItemSchema>

/** A Messenger or Instagram webhook body: `object` and `entry[]` (`id`, `time`, `messaging[]`, `standby[]`). */
export function metaWebhookSchema<const Object extends string>(object: Object) {
  return z.looseObject({
    object: z.literal(object),
    entry: z
      .array(
        z.looseObject({
          id: MetaId,
          time: z.number().optional(),
          messaging: z.array(MetaMessagingItemSchema).max(1000).optional(),
          // Handover protocol: messages another app owns the thread for arrive in `standby`.
          standby: z.array(MetaMessagingItemSchema).max(1000).optional(),
        }),
      )
      .max(1000),
  })
}

export interface MetaPlatform {
  readonly channel: 'messenger' | 'instagram'
  readonly format: string
}

/**
 * Events of a Messenger or Instagram webhook. The account (`entry.id`, the page or Instagram
 * account) is the company's; the other party is the customer, identified as
 * `<channel>:<accountId>:<userId>` because PSIDs and IGSIDs are scoped to one account. Echoes
 * (`is_echo`) are the company's replies. `delivery` (and Instagram `read` with a `mid`) become
 * `status` events about the message; a Messenger `read` carries only a watermark and is skipped.
 */
export function metaMessagingEvents(
  payload: { entry: readonly { id: string; messaging?: readonly MetaMessagingItem[] | undefined; standby?: readonly MetaMessagingItem[] | undefined }[] },
  context: ChannelContext,
  platform: MetaPlatform,
): AdapterOutput {
  const events: CustomerEventInput[] = []
  const skipped = new Set<string>()
  const system = platform.channel
  for (const entry of payload.entry) {
    for (const item of [...(entry.messaging ?? []), ...(entry.standby ?? [])]) {
      const outbound = item.message?.is_echo === true || item.sender.id === entry.id || context.ownAccounts.has(item.sender.id)
      const userId = outbound ? item.recipient.id : item.sender.id
      const accountId = outbound ? item.sender.id : item.recipient.id
      // An item between two of the company's own accounts names no customer.
      const customer = context.ownAccounts.has(userId) || userId === entry.id ? undefined : `${accountId}:${userId}`
      const identifiers = customer ? [{ kind: platform.channel, value: customer, grade: 'channel' as const }] : []
      const thread = { key: `${platform.channel}:${accountId}:${userId}` }
      const source = (id: string) => ({ system, id, format: platform.format })
      const said = item.message ?? (item.postback?.mid ? { ...item.postback, mid: item.postback.mid, text: item.postback.title } : undefined)
      if (said && !item.message?.is_deleted) {
        const body = text(said.text)
        const attachments = item.message?.attachments?.length ?? 0
        const appId = item.message?.app_id === undefined ? undefined : String(item.message.app_id)
        const replyTo = item.message?.reply_to?.mid
        events.push({
          type: 'message',
          occurredAt: item.timestamp,
          channel: platform.channel,
          direction: outbound ? 'outbound' : 'inbound',
          actor: outbound ? companyActor(context, [appId, accountId]) : { role: 'customer', id: userId },
          identifiers,
          content: { ...(body ? { text: body } : {}), ...(attachments > 0 ? { attachments } : {}) },
          thread: { ...thread, messageId: said.mid, ...(replyTo ? { inReplyTo: replyTo } : {}) },
          source: source(said.mid),
          ...(item.postback ? { data: { postback: item.postback.payload ?? null } } : {}),
        })
        continue
      }
      const mids = [...(item.delivery?.mids ?? []), ...(item.read?.mid ? [item.read.mid] : [])]
      const status = item.delivery ? 'delivered' : 'read'
      for (const mid of mids) {
        events.push({
          type: 'status',
          occurredAt: item.timestamp,
          channel: platform.channel,
          direction: 'outbound',
          actor: { role: 'system', id: platform.channel },
          // The reader is the customer: the status lands on their timeline even when the message
          // itself was sent through another tool and never ingested.
          identifiers,
          content: { status },
          thread,
          about: eventIdFor(system, mid),
          source: source(`${mid}:${status}`),
        })
      }
      if (mids.length === 0) skipped.add(item.message?.is_deleted ? 'deleted message' : item.read ? 'read watermark without message ids' : 'messaging item with nothing said')
    }
  }
  return skipped.size > 0 ? { events, skipped: [...skipped].sort().join('; ') } : { events }
}
