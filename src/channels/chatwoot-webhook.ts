import { z } from 'zod'
import type { CustomerEventInput, Identifier } from '../events/index.js'
import { normalizeEmail, normalizePhone } from '../events/index.js'
import { defineAdapter } from './channel-adapter.js'
import { companyActor, isOwnEmail } from './channel-context.js'
import { text } from './payload-fields.js'

const Id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/u, 'expected a numeric id')]).transform(String)

/** A Chatwoot contact (`type: 'contact'`) or agent (`type: 'user'`), as webhooks embed them. */
const ChatwootPersonSchema = z.looseObject({
  id: Id.optional(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  phone_number: z.string().nullish(),
  type: z.string().optional(),
})

/**
 * Chatwoot account webhook payload, with Chatwoot's field names: `event`
 * (`message_created`, ...), `id`, `content`, `message_type` (`incoming`, `outgoing`,
 * `activity`, `template`), `private` (an internal note), `created_at` (ISO text or Unix
 * seconds), `content_attributes`, `attachments`, `sender` (`type` `contact` or `user`, `name`,
 * `email`, `phone_number`), `conversation` (`id`, `display_id`, `contact_inbox.contact_id`,
 * `meta.sender`), `account` (`id`, `name`), `inbox` (`id`, `name`). Only `message_created` is
 * mapped; other events are accepted and skipped, so the message fields are required only there.
 */
export const ChatwootWebhookSchema = z
  .looseObject({
    event: z.string().min(1),
    id: Id.optional(),
    content: z.string().max(1_000_000).nullish(),
    message_type: z.union([z.enum(['incoming', 'outgoing', 'activity', 'template']), z.number().int().min(0).max(3)]).optional(),
    private: z.boolean().optional(),
    created_at: z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })]).optional(),
    attachments: z.array(z.unknown()).optional(),
    sender: ChatwootPersonSchema.optional(),
    conversation: z
      .looseObject({
        id: Id,
        display_id: Id.optional(),
        contact_inbox: z.looseObject({ contact_id: Id.optional() }).nullish(),
        meta: z.looseObject({ sender: ChatwootPersonSchema.optional() }).optional(),
      })
      .optional(),
    account: z.looseObject({ id: Id, name: z.string().optional() }).optional(),
    inbox: z.looseObject({ id: Id.optional(), name: z.string().optional() }).optional(),
  })
  .superRefine((hook, ctx) => {
    if (hook.event !== 'message_created') return
    for (const field of ['id', 'message_type', 'created_at', 'conversation', 'account'] as const) {
      if (hook[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `message_created without ${field}` })
    }
  })
export type ChatwootWebhook = z.output<typeof ChatwootWebhookSchema>

/** The numeric `message_type` some Chatwoot versions send, by its documented order. */
const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const

/**
 * `chatwoot.webhook`: a `message_created` webhook. `incoming` is the contact writing;
 * `outgoing` (and `template`) is the company replying, named by the agent directory from the
 * sender's email or Chatwoot user id; a `private` note is `internal`. `activity` messages
 * ("Conversation was resolved") are skipped. The customer is the conversation's contact:
 * `chatwoot:<accountId>:<contactId>`, plus the email and phone Chatwoot holds for them.
 * Thread: `chatwoot.conversation:<accountId>:<conversation.id>`.
 */
export const chatwootWebhook = defineAdapter({
  format: 'chatwoot.webhook',
  schema: ChatwootWebhookSchema,
  toEvents(hook, context) {
    if (hook.event !== 'message_created') return { events: [], skipped: `Chatwoot event "${hook.event}" is not a message` }
    // The refinement guarantees these on message_created; the checks narrow the types.
    if (!hook.id || hook.message_type === undefined || hook.created_at === undefined || !hook.conversation || !hook.account) {
      return { events: [], skipped: 'incomplete message_created' }
    }
    const type = typeof hook.message_type === 'number' ? MESSAGE_TYPES[hook.message_type] : hook.message_type
    if (type === 'activity') return { events: [], skipped: 'activity message: a conversation change, not something said' }
    const accountId = hook.account.id
    const fromContact = type === 'incoming' && hook.sender?.type !== 'user'
    const contact = fromContact ? { ...hook.conversation.meta?.sender, ...hook.sender } : hook.conversation.meta?.sender
    const contactId = (fromContact ? hook.sender?.id : undefined) ?? hook.conversation.contact_inbox?.contact_id ?? contact?.id
    const email = contact?.email ? normalizeEmail(contact.email, context.normalize) : undefined
    const phone = contact?.phone_number ? normalizePhone(contact.phone_number, context.normalize) : undefined
    const identifiers: Identifier[] = [
      ...(contactId ? [{ kind: 'chatwoot' as const, value: `${accountId}:${contactId}`, grade: 'channel' as const }] : []),
      ...(email && !isOwnEmail(context, email) ? [{ kind: 'email' as const, value: email, grade: 'channel' as const }] : []),
      ...(phone && !context.ownPhones.has(phone) ? [{ kind: 'phone' as const, value: phone, grade: 'channel' as const }] : []),
    ]
    const contactName = text(contact?.name)
    const agentEmail = hook.sender?.email ? normalizeEmail(hook.sender.email, context.normalize) : undefined
    const body = text(hook.content)
    const event: CustomerEventInput = {
      type: 'message',
      occurredAt: typeof hook.created_at === 'number' ? hook.created_at * 1000 : hook.created_at,
      channel: 'chat',
      direction: fromContact ? 'inbound' : hook.private ? 'internal' : 'outbound',
      actor: fromContact
        ? { role: 'customer', ...(contactName ? { name: contactName } : {}) }
        : companyActor(context, [agentEmail, hook.sender?.id ? `chatwoot:${accountId}:user:${hook.sender.id}` : undefined, hook.sender?.id], text(hook.sender?.name)),
      identifiers,
      traits: contactName ? { name: contactName } : {},
      content: { ...(body ? { text: body } : {}), ...(hook.attachments?.length ? { attachments: hook.attachments.length } : {}) },
      thread: { key: `chatwoot.conversation:${accountId}:${hook.conversation.id}`, messageId: hook.id },
      source: { system: 'chatwoot', id: `${accountId}:${hook.id}`, format: 'chatwoot.webhook' },
      data: {
        conversationId: hook.conversation.id,
        ...(hook.conversation.display_id ? { displayId: hook.conversation.display_id } : {}),
        ...(hook.inbox?.name ? { inbox: hook.inbox.name } : {}),
      },
    }
    return { events: [event] }
  },
})
