import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { adapt, adaptAsync } from '../../src/channels/index.js'
import { type CustomerEvent, type CustomerEventInput, parseEvent } from '../../src/events/index.js'
import { buildConversations } from '../../src/timeline/conversations.js'
import { context, fixture, rawFixture } from '../channels/helpers.js'

function event(input: Partial<CustomerEventInput> & { id: string }): CustomerEvent {
  const result = parseEvent({
    occurredAt: '2024-05-01T00:00:00Z',
    channel: 'email',
    direction: 'inbound',
    actor: { role: 'customer' },
    identifiers: [{ kind: 'email', value: 'ann@example.net' }],
    source: { system: 'test', id: input.id },
    ...input,
  })
  if (!result.success) throw new Error(JSON.stringify(result.issues))
  return result.event
}

function email(id: string, at: string, thread: CustomerEventInput['thread'], subject = 'Refund', who = 'ann@example.net'): CustomerEvent {
  return event({ id, occurredAt: at, thread: { messageId: `${id}@mail`, ...thread }, content: { subject }, identifiers: [{ kind: 'email', value: who }] })
}

/** Conversations as sets of member ids, for comparing groupings. */
function groups(events: readonly CustomerEvent[]): string[][] {
  return buildConversations(events).map((c) => [...c.eventIds].sort())
}

describe('buildConversations', () => {
  it('threads an email exchange by Message-ID, In-Reply-To and References', async () => {
    const events = (await Promise.all(['email-original.eml', 'email-reply.eml', 'email-followup-no-date.eml'].map((name) => adaptAsync('email.rfc5322', rawFixture(name), context)))).flat()
    const [conversation, ...others] = buildConversations(events)
    expect(others).toEqual([])
    expect(conversation).toMatchObject({ channel: 'email', subject: 'Refund for order 4411', startedAt: '2024-05-14T16:02:07.000Z', lastAt: '2024-05-17T15:00:02.000Z' })
    expect(conversation?.eventIds).toEqual(events.map((e) => e.id))
    expect(conversation?.id).toMatch(/^conv_[0-9a-f]{24}$/u)
  })

  it('joins a reply that arrives before what it answers, and siblings whose parent never arrived', () => {
    const reply = email('b', '2024-05-02T00:00:00Z', { inReplyTo: 'a@mail' })
    const sibling = email('c', '2024-05-03T00:00:00Z', { references: ['a@mail'] })
    expect(groups([reply, sibling])).toEqual([['b', 'c']])
    const original = email('a', '2024-05-01T00:00:00Z', {})
    const conversations = buildConversations([reply, sibling, original])
    expect(conversations).toHaveLength(1)
    expect(conversations[0]?.eventIds).toEqual(['a', 'b', 'c'])
  })

  it('keeps the conversation id of the earliest event when an older message turns up', () => {
    const before = buildConversations([email('b', '2024-05-02T00:00:00Z', { inReplyTo: 'a@mail' })])
    const after = buildConversations([email('b', '2024-05-02T00:00:00Z', { inReplyTo: 'a@mail' }), email('a', '2024-05-01T00:00:00Z', {})])
    expect(after[0]?.id).not.toBe(before[0]?.id)
    expect(after[0]?.id).toBe(buildConversations([email('a', '2024-05-01T00:00:00Z', {})])[0]?.id)
  })

  it('falls back to the subject only for a headerless reply, and only within one customer', () => {
    const original = email('a', '2024-05-01T00:00:00Z', {}, 'Order status')
    const headerless = email('b', '2024-05-02T00:00:00Z', {}, 'Re: Order status')
    const otherCustomer = email('c', '2024-05-02T00:00:00Z', {}, 'RE: order status', 'bob@example.net')
    const newTopic = email('d', '2024-05-03T00:00:00Z', {}, 'Order status')
    const withHeaders = email('e', '2024-05-04T00:00:00Z', { inReplyTo: 'zzz@mail' }, 'Re: Order status')
    expect(groups([original, headerless, otherCustomer, newTopic, withHeaders])).toEqual([['a', 'b'], ['c'], ['d'], ['e']])
  })

  it('survives broken headers: empty references and a reply to itself', () => {
    const self = email('a', '2024-05-01T00:00:00Z', { inReplyTo: 'a@mail', references: ['a@mail'] })
    expect(groups([self, email('b', '2024-05-02T00:00:00Z', { references: [] })])).toEqual([['a'], ['b']])
  })

  it('groups a call, its forwarded leg, its transcript and nothing else into one conversation', () => {
    const events = [
      ...adapt('twilio.voice.status', fixture('twilio-voice-inbound-completed.json'), context),
      ...adapt('twilio.voice.status', fixture('twilio-voice-dial-leg.json'), context),
      ...adapt('twilio.voice.transcript', fixture('twilio-transcript.json'), context),
      ...adapt('twilio.sms', fixture('twilio-sms-inbound.json'), context),
    ]
    const conversations = buildConversations(events)
    expect(conversations.map((c) => [c.channel, c.key, c.eventIds.length])).toEqual([
      ['voice', 'twilio.call:CA5f1e2d3c4b5a69788796a5b4c3d2e1f0', 5],
      ['sms', 'twilio.sms:+14155550100:+14155552671', 1],
    ])
  })

  it('counts a revised event once, at its latest revision', () => {
    const ringing = adapt('twilio.voice.status', fixture('twilio-voice-ringing.json'), context)
    const completed = adapt('twilio.voice.status', fixture('twilio-voice-inbound-completed.json'), context)
    const [call] = buildConversations([...ringing, ...completed])
    expect(call?.eventIds).toEqual([completed[0]?.id])
  })

  it('threads chats, X conversations, DMs, Messenger, Instagram and WhatsApp by their keys, statuses with their message', () => {
    const events = [
      ...adapt('chatwoot.webhook', fixture('chatwoot-incoming.json'), context),
      ...adapt('chatwoot.webhook', fixture('chatwoot-outgoing.json'), context),
      ...adapt('x.post', fixture('x-post-single.json'), context),
      ...adapt('x.post', fixture('x-post-array.json'), context),
      ...adapt('x.dm', fixture('x-dm.json'), context),
      ...adapt('meta.messenger', fixture('meta-messenger.json'), context),
      ...adapt('meta.instagram', fixture('meta-instagram.json'), context),
      ...adapt('whatsapp.cloud', fixture('whatsapp-messages.json'), context),
      ...adapt('whatsapp.cloud', fixture('whatsapp-statuses.json'), context),
      ...adapt('csv.record', fixture('csv-record.json'), context),
    ]
    const byKey = Object.fromEntries(buildConversations(events).map((c) => [c.key, c.eventIds.length]))
    expect(byKey).toEqual({
      'chatwoot.conversation:3:2051': 2,
      'x.conversation:1790123456789012345': 3,
      'x.dm:1530999888777666555-2244994945': 2,
      'messenger:105478991234567:6789012345678901': 4,
      'instagram:17841400000000000:1234567890123456': 3,
      'whatsapp:106540352242922:14155552671': 6,
    })
  })

  it('gives identical conversations for any order of the same events, duplicates included', async () => {
    const events = [
      ...(await Promise.all(['email-original.eml', 'email-reply.eml', 'email-followup-no-date.eml'].map((name) => adaptAsync('email.rfc5322', rawFixture(name), context)))).flat(),
      email('b', '2024-05-02T00:00:00Z', { inReplyTo: 'a@mail' }),
      email('c', '2024-05-03T00:00:00Z', {}, 'Re: Refund'),
      email('a', '2024-05-01T00:00:00Z', {}),
      ...adapt('twilio.voice.status', fixture('twilio-voice-ringing.json'), context),
      ...adapt('twilio.voice.status', fixture('twilio-voice-inbound-completed.json'), context),
      ...adapt('twilio.voice.transcript', fixture('twilio-transcript.json'), context),
      ...adapt('x.post', fixture('x-post-array.json'), context),
      ...adapt('meta.messenger', fixture('meta-messenger.json'), context),
      ...adapt('whatsapp.cloud', fixture('whatsapp-statuses.json'), context),
      ...adapt('whatsapp.cloud', fixture('whatsapp-messages.json'), context),
    ]
    const expected = buildConversations(events)
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), fc.array(fc.nat(events.length - 1), { maxLength: 5 }), (shuffled, repeats) => {
        const input = [...shuffled, ...repeats.map((index) => events[index] as CustomerEvent)]
        expect(buildConversations(input)).toEqual(expected)
      }),
      { numRuns: 300 },
    )
  })

  it('does not modify its input', () => {
    const events = [email('b', '2024-05-02T00:00:00Z', { inReplyTo: 'a@mail' }), email('a', '2024-05-01T00:00:00Z', {})]
    const copy = structuredClone(events)
    buildConversations(events)
    expect(events).toEqual(copy)
  })
})
