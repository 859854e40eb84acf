import type { z } from 'zod'
import { defineAdapter } from './channel-adapter.js'
import { metaMessagingEvents, metaWebhookSchema } from './meta-messaging.js'

/**
 * Messenger Platform webhook body (`object: 'page'`), with Meta's field names: `entry[]` (`id`
 * is the Page id, `time`, `messaging[]`), each messaging item with `sender.id` (the PSID, or
 * the Page on echoes), `recipient.id`, `timestamp` (epoch ms), `message.mid`, `message.text`,
 * `message.is_echo`, `message.attachments`, `postback`, `delivery`, `read`.
 */
export const MetaMessengerSchema = metaWebhookSchema('page')
export type MetaMessenger = z.output<typeof MetaMessengerSchema>

/**
 * `meta.messenger`: one event per messaging item (one webhook often batches several). The
 * customer is `messenger:<pageId>:<psid>`; the thread is the PSID on that Page. Echoes are the
 * Page's replies, named by the agent directory from `app_id` or the Page id.
 */
export const metaMessenger = defineAdapter({
  format: 'meta.messenger',
  schema: MetaMessengerSchema,
  toEvents(payload, context) {
    return metaMessagingEvents(payload, context, { channel: 'messenger', format: 'meta.messenger' })
  },
})
