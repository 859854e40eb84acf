import { z } from 'zod'
import type { CustomerEventInput, Identifier } from '../events/index.js'
import { defineAdapter } from './channel-adapter.js'
import { type ChannelContext, companyActor } from './channel-context.js'
import { text } from './payload-fields.js'

/** X ids are decimal strings (snowflakes); brand handles are accepted for imported archives. */
export const XId = z.string().regex(/^\w{1,64}$/u, 'expected an X id')

/** A user object from `includes.users`: `id`, `name`, `username`. */
export const XUserSchema = z.looseObject({ id: XId, name: z.string().optional(), username: z.string().optional() })

/**
 * One post object from the X API v2, with X's field names: `id`, `text`, `author_id`,
 * `conversation_id`, `in_reply_to_user_id`, `referenced_tweets` (`type` `replied_to`, `quoted`,
 * `retweeted`, and `id`), `created_at` (ISO 8601).
 */
export const XPostObjectSchema = z.looseObject({
  id: XId,
  text: z.string().max(100_000),
  author_id: XId,
  conversation_id: XId.optional(),
  in_reply_to_user_id: XId.optional(),
  referenced_tweets: z.array(z.looseObject({ type: z.string(), id: XId })).max(100).optional(),
  created_at: z.iso.datetime({ offset: true }).optional(),
})

/**
 * An X API v2 posts response (`GET /2/tweets`, search, mentions, filtered stream): `data` is one
 * post or an array of posts, `includes.users` expands `author_id`.
 */
export const XPostSchema = z.looseObject({
  data: z.union([XPostObjectSchema, z.array(XPostObjectSchema).max(1000)]),
  includes: z.looseObject({ users: z.array(XUserSchema).max(1000).optional() }).optional(),
})
export type XPost = z.output<typeof XPostSchema>

const TWITTER_EPOCH = 1288834974657n

/**
 * The time inside an X snowflake id, for posts fetched without `tweet.fields=created_at`.
 * Ids before snowflakes (2010) carry no time and give `undefined`.
 */
export function snowflakeTime(id: string): number | undefined {
  if (!/^\d{15,20}$/u.test(id)) return undefined
  return Number((BigInt(id) >> 22n) + TWITTER_EPOCH)
}

/**
 * `x.post`: each post is a `message` on channel `x`. A post by one of the company's accounts
 * (`context.ownAccounts`) is outbound, named by the agent directory, and belongs to the
 * customer it replies to (`in_reply_to_user_id`); any other post is inbound from `x:<author_id>`,
 * with the author's `username` and `name` as traits. Thread: `x.conversation:<conversation_id>`
 * plus the `replied_to` reference, so threads also rebuild from reply links when
 * `conversation_id` was not requested.
 */
export const xPost = defineAdapter({
  format: 'x.post',
  schema: XPostSchema,
  toEvents(payload, context) {
    const posts = Array.isArray(payload.data) ? payload.data : [payload.data]
    const users = new Map((payload.includes?.users ?? []).map((user) => [user.id, user]))
    const events: CustomerEventInput[] = []
    const untimed: string[] = []
    for (const post of posts) {
      const occurredAt = post.created_at ?? snowflakeTime(post.id)
      if (occurredAt === undefined) {
        untimed.push(post.id)
        continue
      }
      events.push(postEvent(post, occurredAt, users.get(post.author_id), context))
    }
    return untimed.length > 0 ? { events, skipped: `posts without created_at: ${untimed.join(', ')}` } : { events }
  },
})

function postEvent(
  post: z.output<typeof XPostObjectSchema>,
  occurredAt: string | number,
  author: z.output<typeof XUserSchema> | undefined,
  context: ChannelContext,
): CustomerEventInput {
  const outbound = context.ownAccounts.has(post.author_id)
  const customerId = outbound ? post.in_reply_to_user_id : post.author_id
  const identifiers: Identifier[] = customerId && !context.ownAccounts.has(customerId) ? [{ kind: 'x', value: customerId, grade: 'channel' }] : []
  const repliedTo = post.referenced_tweets?.find((ref) => ref.type === 'replied_to')?.id
  const quoted = post.referenced_tweets?.find((ref) => ref.type === 'quoted')?.id
  const username = text(author?.username)
  const name = text(author?.name)
  const body = text(post.text)
  return {
    type: 'message',
    occurredAt,
    channel: 'x',
    direction: outbound ? 'outbound' : 'inbound',
    actor: outbound
      ? companyActor(context, [post.author_id, username], name ?? username)
      : { role: 'customer', id: post.author_id, ...(name ?? username ? { name: name ?? username } : {}) },
    identifiers,
    traits: outbound ? {} : { ...(username ? { username } : {}), ...(name ? { name } : {}) },
    content: body ? { text: body } : {},
    thread: {
      ...(post.conversation_id ? { key: `x.conversation:${post.conversation_id}` } : {}),
      messageId: post.id,
      ...(repliedTo ? { inReplyTo: repliedTo } : {}),
    },
    source: { system: 'x', id: post.id, format: 'x.post' },
    ...(quoted ? { data: { quotedPostId: quoted } } : {}),
  }
}
