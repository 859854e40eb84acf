import type { z } from 'zod'
import { defineAdapter } from './channel-adapter.js'
import { metaMessagingEvents, metaWebhookSchema } from './meta-messaging.js'

/**
 * Instagram messaging webhook body (`object: 'instagram'`), with Meta's field names: `entry[]`
 * (`id` is the Instagram professional account id, `time`, `messaging[]`), each item with
 * `sender.id` (the IGSID, or the account on echoes), `recipient.id`, `timestamp` (epoch ms),
 * `message.mid`, `message.text`, `message.is_echo`, `message.attachments`, `read.mid`.
 */
export const MetaInstagramSchema = metaWebhookSchema('instagram')
export type MetaInstagram = z.output<typeof MetaInstagramSchema>

/**
 * `meta.instagram`: like `meta.messenger`, for Instagram Direct. The customer is
 * `instagram:<accountId>:<igsid>`; the thread is the IGSID on that account.
 */
export const metaInstagram = defineAdapter({
  format: 'meta.instagram',
  schema: MetaInstagramSchema,
  toEvents(payload, context) {
    return metaMessagingEvents(payload, context, { channel: 'instagram', format: 'meta.instagram' })
  },
})
