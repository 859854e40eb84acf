import { describe, expect, expectTypeOf, it } from 'vitest'
import { adapt, safeAdapt } from '../../src/channels/index.js'
import { type CustomerEvent, eventIdFor } from '../../src/events/index.js'
import { context, rawFixture, rejection } from './helpers.js'

describe('email.rfc5322', () => {
  it('parses a raw message and maps the sender, subject, text and Message-ID', async () => {
    const [mail] = await adapt('email.rfc5322', rawFixture('email-original.eml'), context)
    expect(mail).toMatchObject({
      id: eventIdFor('email', 'CAF=k1@mail.example.net'),
      direction: 'inbound',
      occurredAt: '2024-05-14T16:02:07.000Z',
      identifiers: [{ kind: 'email', value: 'ann.lee@example.net', grade: 'channel' }],
      traits: { name: 'Ann Lee' },
      content: { subject: 'Refund for order 4411' },
    })
    // Quoted-printable soft line breaks are joined.
    expect(mail?.content?.text).toContain('arrived. Could you check?')
  })

  it('accepts the same message as text and as bytes, with the same event', async () => {
    const bytes = await adapt('email.rfc5322', rawFixture('email-reply.eml'), context)
    const text = await adapt('email.rfc5322', rawFixture('email-reply.eml').toString('utf8'), context)
    expect(text).toEqual(bytes)
  })

  it('maps an agent reply as outbound to the customer, with In-Reply-To and References', async () => {
    const [reply] = await adapt('email.rfc5322', rawFixture('email-reply.eml'), context)
    expect(reply).toMatchObject({
      direction: 'outbound',
      actor: { role: 'agent', id: 'agent-ana', name: 'Ana Agent' },
      identifiers: [{ kind: 'email', value: 'ann.lee@example.net', grade: 'channel' }],
      thread: { messageId: 'reply-1.4411@acme.example', inReplyTo: 'CAF=k1@mail.example.net', references: ['CAF=k1@mail.example.net'] },
    })
  })

  it('times a message without Date by its Received header', async () => {
    const [mail] = await adapt('email.rfc5322', rawFixture('email-followup-no-date.eml'), context)
    expect(mail?.occurredAt).toBe('2024-05-17T15:00:02.000Z')
    expect(mail?.thread?.references).toEqual(['CAF=k1@mail.example.net', 'reply-1.4411@acme.example'])
  })

  it('rejects a message without Message-ID, naming the header', async () => {
    const raw = rawFixture('email-original.eml').toString('utf8').replace(/^Message-ID:.*\r\n/mu, '')
    const error = await rejection('email.rfc5322', raw)
    expect(error.code).toBe('invalid_payload')
    expect(error.path).toEqual(['payload', 'headers', 'Message-ID'])
  })

  it('rejects a message with neither Date nor Received, naming Date', async () => {
    const raw = 'From: a@example.net\r\nMessage-ID: <x@example.net>\r\n\r\nhi'
    expect((await rejection('email.rfc5322', raw)).path).toEqual(['payload', 'headers', 'Date'])
  })

  it('is the one asynchronous format: adapt and safeAdapt return Promises for it only', async () => {
    const pending = safeAdapt('email.rfc5322', rawFixture('email-original.eml'), context)
    expect(pending).toBeInstanceOf(Promise)
    expectTypeOf(() => adapt('email.rfc5322', '', context)).returns.toEqualTypeOf<Promise<CustomerEvent[]>>()
    expectTypeOf(() => adapt('x.post', {}, context)).returns.toEqualTypeOf<CustomerEvent[]>()
    expectTypeOf(() => adapt('any.string' as string, {}, context)).returns.toEqualTypeOf<CustomerEvent[] | Promise<CustomerEvent[]>>()
    await expect(pending).resolves.toMatchObject({ success: true })
    await expect(adapt('email.rfc5322', '', context)).rejects.toMatchObject({ code: 'invalid_payload' })
  })
})
