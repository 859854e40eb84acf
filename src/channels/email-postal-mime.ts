import { z } from 'zod'
import type { CustomerEventInput, Identifier } from '../events/index.js'
import { normalizeEmail } from '../events/index.js'
import { defineAdapter } from './channel-adapter.js'
import { type ChannelContext, companyActor, isOwnEmail } from './channel-context.js'

/** postal-mime `Address`: a mailbox, or a group with its own mailboxes. */
const MailboxSchema = z.looseObject({ address: z.string().optional(), name: z.string().optional() })
const AddressSchema = z.looseObject({
  address: z.string().optional(),
  name: z.string().optional(),
  group: z.array(MailboxSchema).optional(),
})

/**
 * The object postal-mime's `PostalMime.parse()` resolves to, with its field names: `from`,
 * `to`, `cc`, `replyTo`, `subject`, `messageId`, `inReplyTo`, `references` (space-separated
 * Message-IDs), `date` (ISO 8601 text), `text`, `html`, `attachments`, `headers`.
 */
export const PostalMimeEmailSchema = z.looseObject({
  from: AddressSchema.optional(),
  sender: AddressSchema.optional(),
  to: z.array(AddressSchema).optional(),
  cc: z.array(AddressSchema).optional(),
  replyTo: z.array(AddressSchema).optional(),
  subject: z.string().optional(),
  messageId: z.string().min(1, 'an email without Message-ID cannot be deduplicated'),
  inReplyTo: z.string().optional(),
  references: z.string().optional(),
  date: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'expected a date'),
  text: z.string().optional(),
  html: z.string().optional(),
  attachments: z.array(z.unknown()).optional(),
})
export type PostalMimeEmail = z.output<typeof PostalMimeEmailSchema>

type Address = z.output<typeof AddressSchema>

/** Every mailbox in a list, groups flattened, with normalized addresses. */
export function mailboxes(list: readonly Address[] | undefined, context: ChannelContext): { email: string; name?: string }[] {
  const out: { email: string; name?: string }[] = []
  for (const entry of list ?? []) {
    for (const mailbox of entry.group ?? [entry]) {
      const email = mailbox.address ? normalizeEmail(mailbox.address, context.normalize) : undefined
      if (email) out.push({ email, ...(mailbox.name?.trim() ? { name: mailbox.name.trim() } : {}) })
    }
  }
  return out
}

/** `<a@b> <c@d>` to `['a@b', 'c@d']`, tolerating missing brackets and folded whitespace. */
export function messageIds(header: string | undefined): string[] {
  if (!header) return []
  const bracketed = [...header.matchAll(/<([^<>\s]+)>/gu)].map((match) => match[1] as string)
  return bracketed.length > 0 ? bracketed : header.split(/[\s,]+/u).filter(Boolean)
}

/** Replies prefixes in several languages, stripped to find the thread subject. */
const REPLY_PREFIX = /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|rif|antw)\s*(?:\[\d+\])?\s*:\s*)+/iu

export function baseSubject(subject: string | undefined): string {
  return (subject ?? '').replace(REPLY_PREFIX, '').trim().toLowerCase()
}

/**
 * `email.postal-mime`: an email already parsed by postal-mime. Inbound when the sender is not
 * the company; the customer is then `from` (Cc'd people are other people and are not linked).
 * Outbound when the company wrote it; the customer is the first recipient in `to` who is not
 * the company, and the writer is named as the agent.
 */
export const emailPostalMime = defineAdapter({
  format: 'email.postal-mime',
  schema: PostalMimeEmailSchema,
  toEvents(mail, context) {
    return { events: emailToEvents(mail, context, 'email.postal-mime') }
  },
})

export function emailToEvents(mail: PostalMimeEmail, context: ChannelContext, format: string): CustomerEventInput[] {
  const [sender] = mailboxes(mail.from ? [mail.from] : mail.sender ? [mail.sender] : [], context)
  const recipients = mailboxes([...(mail.to ?? []), ...(mail.cc ?? [])], context)
  const outbound = sender !== undefined && isOwnEmail(context, sender.email)
  const customer = outbound ? recipients.find((r) => !isOwnEmail(context, r.email)) : sender
  const identifiers: Identifier[] = customer ? [{ kind: 'email', value: customer.email, grade: 'channel' }] : []
  const messageId = messageIds(mail.messageId)[0] ?? mail.messageId.trim()
  const references = messageIds(mail.references)
  const inReplyTo = messageIds(mail.inReplyTo)[0]
  const subject = mail.subject?.trim()
  return [
    {
      type: 'message',
      // Epoch milliseconds: the canonical schema writes the UTC ISO text itself, so it is formatted once.
      occurredAt: Date.parse(mail.date),
      channel: 'email',
      direction: outbound ? 'outbound' : 'inbound',
      actor: outbound
        ? companyActor(context, [sender?.email], sender?.name)
        : { role: 'customer', ...(sender?.name ? { name: sender.name } : {}) },
      identifiers,
      traits: !outbound && sender?.name ? { name: sender.name } : {},
      content: {
        ...(subject ? { subject } : {}),
        ...(mail.text ? { text: mail.text } : mail.html ? { text: stripHtml(mail.html) } : {}),
        ...(mail.attachments?.length ? { attachments: mail.attachments.length } : {}),
      },
      thread: {
        messageId,
        ...(inReplyTo ? { inReplyTo } : {}),
        ...(references.length > 0 ? { references } : {}),
      },
      source: { system: 'email', id: messageId, format },
      ...(customer && outbound && customer.name ? { data: { recipientName: customer.name } } : {}),
    },
  ]
}

/** Text of an HTML-only email: tags dropped, entities for the common characters decoded. */
function stripHtml(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/giu, ' ')
    .replace(/<br\s*\/?>|<\/p>/giu, '\n')
    .replace(/<[^>]+>/gu, ' ')
    .replace(/&nbsp;/gu, ' ')
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&#39;/gu, "'")
    .replace(/&amp;/gu, '&')
    .replace(/[ \t]+/gu, ' ')
    .trim()
}
