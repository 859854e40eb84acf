import { z } from 'zod'
import type { CustomerEventInput, Identifier } from '../events/index.js'
import { canonicalIsoText, normalizeEmail } from '../events/index.js'
import { defineAdapter } from './channel-adapter.js'
import { parseDateText } from './payload-fields.js'
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
  date: z.string().refine((text) => canonicalIsoText(text) !== undefined || !Number.isNaN(parseDateText(text)), 'expected a date'),
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
  const bracketed = bracketedAscii(header) ?? [...header.matchAll(/<([^<>\s]+)>/gu)].map((match) => match[1] as string)
  return bracketed.length > 0 ? bracketed : header.split(/[\s,]+/u).filter(Boolean)
}

/**
 * The `<...>` parts of an ASCII header, as `/<([^<>\s]+)>/gu` finds them, by a plain scan (the
 * regular expression is the costliest step of mapping an email). `undefined` when a candidate
 * holds a non-ASCII character: what counts as white space there is the expression's to say.
 */
function bracketedAscii(header: string): string[] | undefined {
  const found: string[] = []
  let start = header.indexOf('<')
  while (start >= 0) {
    let end = start + 1
    for (; end < header.length; end++) {
      const code = header.charCodeAt(end)
      if (code > 127) return undefined
      // `<`, `>` and ASCII white space (tab, line feed, vertical tab, form feed, carriage return, space) end a candidate.
      if (code === LESS || code === GREATER || code === SPACE || (code >= TAB && code <= CARRIAGE_RETURN)) break
    }
    if (end > start + 1 && header.charCodeAt(end) === GREATER) {
      found.push(header.slice(start + 1, end))
      start = header.indexOf('<', end + 1)
    } else start = header.indexOf('<', start + 1)
  }
  return found
}

const LESS = 60
const GREATER = 62
const SPACE = 32
const TAB = 9
const CARRIAGE_RETURN = 13

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
  // Built field by field rather than by spreads: this runs for every email, and the canonical
  // schema writes every object afresh in its own key order anyway.
  const content: NonNullable<CustomerEventInput['content']> = {}
  if (subject) content.subject = subject
  const body = mail.text ? mail.text : mail.html ? stripHtml(mail.html) : undefined
  if (body !== undefined) content.text = body
  if (mail.attachments?.length) content.attachments = mail.attachments.length
  const thread: NonNullable<CustomerEventInput['thread']> = { messageId }
  if (inReplyTo) thread.inReplyTo = inReplyTo
  if (references.length > 0) thread.references = references
  const event: CustomerEventInput = {
    type: 'message',
    // Canonical UTC text passes through as it is; other forms go as epoch milliseconds, which the
    // canonical schema writes as UTC text.
    occurredAt: canonicalIsoText(mail.date) ?? parseDateText(mail.date),
    channel: 'email',
    direction: outbound ? 'outbound' : 'inbound',
    actor: outbound ? companyActor(context, [sender?.email], sender?.name) : sender?.name ? { role: 'customer', name: sender.name } : { role: 'customer' },
    identifiers,
    traits: !outbound && sender?.name ? { name: sender.name } : {},
    content,
    thread,
    source: { system: 'email', id: messageId, format },
  }
  if (customer && outbound && customer.name) event.data = { recipientName: customer.name }
  return [event]
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
