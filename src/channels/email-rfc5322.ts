import PostalMime from 'postal-mime'
import { z } from 'zod'
import { compiledSchema } from '../events/index.js'
import { defineAdapter, payloadError } from './channel-adapter.js'
import { emailToEvents, PostalMimeEmailSchema } from './email-postal-mime.js'

/**
 * A raw RFC 5322 message: the text or bytes a mail server delivers (a `.eml` file, an SMTP
 * `DATA` section, a `message/rfc822` webhook body). A Node.js `Buffer` is a `Uint8Array`.
 */
export const Rfc5322MessageSchema = z.union([
  z.string().min(1, 'expected the raw message text').max(50_000_000),
  z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength > 0, 'expected the raw message bytes'),
])
export type Rfc5322Message = z.output<typeof Rfc5322MessageSchema>

/** postal-mime field names mapped back to the header a sender would have to fix. */
const HEADER_OF: Record<string, string> = { messageId: 'Message-ID', date: 'Date', from: 'From', references: 'References', inReplyTo: 'In-Reply-To' }

const parsedEmailSchema = compiledSchema(PostalMimeEmailSchema)

/**
 * `email.rfc5322`: a raw message, parsed by postal-mime (`PostalMime.parse`), then mapped like
 * `email.postal-mime` (headers `From`, `To`, `Cc`, `Subject`, `Message-ID`, `In-Reply-To`,
 * `References`, `Date`). postal-mime parses asynchronously, so this is the one asynchronous
 * format: `await adapt('email.rfc5322', raw, context)`.
 * A message without `Date` is timed by its newest `Received:` header (what the receiving server
 * stamped), the same fallback mail clients use; without either it is rejected at `headers.Date`.
 */
export const emailRfc5322 = defineAdapter({
  format: 'email.rfc5322',
  schema: Rfc5322MessageSchema,
  async toEvents(raw, context) {
    const mail = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' })
    const receivedDate = mail.headers
      .filter((header) => header.key === 'received')
      .map((header) => Date.parse(header.value.slice(header.value.lastIndexOf(';') + 1).trim()))
      .find((time) => !Number.isNaN(time))
    const date = mail.date && !Number.isNaN(Date.parse(mail.date)) ? mail.date : receivedDate === undefined ? mail.date : new Date(receivedDate).toISOString()
    const parsed = parsedEmailSchema().safeParse({ ...mail, date })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const field = String(issue?.path[0] ?? '')
      throw payloadError(['headers', HEADER_OF[field] ?? field], issue?.message ?? 'invalid header')
    }
    return { events: emailToEvents(parsed.data, context, 'email.rfc5322') }
  },
})
