import { z } from 'zod'
import type { CustomerEventInput, Identifier } from '../events/index.js'
import { defineAdapter } from './channel-adapter.js'
import { companyActor } from './channel-context.js'
import { text } from './payload-fields.js'
import { snowflakeTime, XId, XUserSchema } from './x-post.js'

/**
 * One X API v2 DM event, with X's field names: `id`, `event_type` (`MessageCreate`,
 * `ParticipantsJoin`, `ParticipantsLeave`), `text`, `sender_id`, `dm_conversation_id`
 * (`<userId>-<userId>` for one-to-one conversations), `participant_ids`, `created_at`,
 * `attachments.media_keys`.
 */
export const XDmEventSchema = z.looseObject({
  id: XId,
  event_type: z.string().min(1),
  text: z.string().max(100_000).optional(),
  sender_id: XId.optional(),
  dm_conversation_id: z.string().regex(/^[\w-]{1,200}$/u, 'expected a dm_conversation_id').optional(),
  participant_ids: z.array(XId).max(100).optional(),
  created_at: z.iso.datetime({ offset: true }).optional(),
  attachments: z.looseObject({ media_keys: z.array(z.string()).optional() }).optional(),
})

/**
 * `GET /2/dm_events` and `GET /2/dm_conversations/.../dm_events` responses: `data` is one DM event
 * or an array, `includes.users` expands ids. A bare DM event (as the Account Activity webhook
 * relays it) is accepted too and read as `{ data: event }`.
 */
export const XDmSchema = z.preprocess(
  (value) => (typeof value === 'object' && value !== null && !('data' in value) && 'event_type' in value ? { data: value } : value),
  z.looseObject({
    data: z.union([XDmEventSchema, z.array(XDmEventSchema).max(1000)]),
    includes: z.looseObject({ users: z.array(XUserSchema).max(1000).optional() }).optional(),
  }),
)
export type XDm = z.output<typeof XDmSchema>

/**
 * `x.dm`: each `MessageCreate` is a `message` on channel `x`; membership events are skipped.
 * A DM sent by one of the company's accounts (`context.ownAccounts`) is outbound, and its
 * customer is the other participant (from `participant_ids` or the one-to-one
 * `dm_conversation_id`). Thread: `x.dm:<dm_conversation_id>`.
 */
export const xDm = defineAdapter({
  format: 'x.dm',
  schema: XDmSchema,
  toEvents(payload, context) {
    const dms = Array.isArray(payload.data) ? payload.data : [payload.data]
    const users = new Map((payload.includes?.users ?? []).map((user) => [user.id, user]))
    const events: CustomerEventInput[] = []
    const skipped: string[] = []
    for (const dm of dms) {
      const occurredAt = dm.created_at ?? snowflakeTime(dm.id)
      if (dm.event_type !== 'MessageCreate' || !dm.sender_id || !dm.dm_conversation_id || occurredAt === undefined) {
        skipped.push(`${dm.id} (${dm.event_type === 'MessageCreate' ? 'without sender, conversation or time' : dm.event_type})`)
        continue
      }
      const outbound = context.ownAccounts.has(dm.sender_id)
      const participants = dm.participant_ids ?? dm.dm_conversation_id.split('-')
      const customerId = outbound ? participants.find((id) => id !== dm.sender_id && !context.ownAccounts.has(id)) : dm.sender_id
      const identifiers: Identifier[] =
        customerId && !context.ownAccounts.has(customerId) && /^\w+$/u.test(customerId) ? [{ kind: 'x', value: customerId, grade: 'channel' }] : []
      const sender = users.get(dm.sender_id)
      const username = text(sender?.username)
      const name = text(sender?.name)
      const body = text(dm.text)
      const media = dm.attachments?.media_keys?.length ?? 0
      events.push({
        type: 'message',
        occurredAt,
        channel: 'x',
        direction: outbound ? 'outbound' : 'inbound',
        actor: outbound
          ? companyActor(context, [dm.sender_id, username], name ?? username)
          : { role: 'customer', id: dm.sender_id, ...(name ?? username ? { name: name ?? username } : {}) },
        identifiers,
        traits: outbound ? {} : { ...(username ? { username } : {}), ...(name ? { name } : {}) },
        content: { ...(body ? { text: body } : {}), ...(media > 0 ? { attachments: media } : {}) },
        thread: { key: `x.dm:${dm.dm_conversation_id}`, messageId: dm.id },
        source: { system: 'x.dm', id: dm.id, format: 'x.dm' },
      })
    }
    return skipped.length > 0 ? { events, skipped: `DM events not mapped: ${skipped.join(', ')}` } : { events }
  },
})
