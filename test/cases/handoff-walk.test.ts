import { describe, expect, it } from 'vitest'
import { adapt, createEngine, type HandoffBrief } from '../../src/index.js'
import { CONTEXT, call, email } from '../helpers/fixtures.js'

/** A customer walks one broken order across email, a call, X and WhatsApp; the brief is read before each contact. */
describe('handoff brief across channels', () => {
  it('carries the order, the issue, the last promise and its owner, the clock and the repeat count at every handoff', async () => {
    let now = new Date('2026-11-16T09:00:00Z')
    const engine = createEngine({ context: CONTEXT, clock: () => now })
    const brief = async (asOf: string) => {
      now = new Date(asOf)
      const b = (await engine.brief({ email: 'ann.lee@example.com' }, { asOf })) as HandoffBrief
      return { b, k: b.cases[0]! }
    }

    // 1. Monday: the first email.
    await engine.ingest(adapt('email.postal-mime', email({ messageId: '<m1@example.com>', date: '2026-11-16T09:12:00Z' }), engine.context))
    let { b, k } = await brief('2026-11-16T12:00:00Z')
    expect(b.customer.name?.text).toBe('Ann Lee')
    expect(k.references.map((r) => r.text)).toContain('order A-1001')
    expect(k.issue?.text).toContain('my order A-1001 arrived broken')
    expect(k.owner.text).toBe('unassigned')
    expect(k.clock.status).toBe('ok')
    expect(k.repeatCount).toBe(0)

    // Jane answers by email with a promise.
    const answer = email({
      messageId: '<r1@acme.example>',
      from: { address: 'jane@acme.example', name: 'Jane Ortiz' },
      to: [{ address: 'ann.lee@example.com', name: 'Ann Lee' }],
      inReplyTo: '<m1@example.com>',
      subject: 'Re: Order A-1001 arrived broken',
      date: '2026-11-16T12:30:00Z',
      text: 'Sorry Ann, we will email you an update by Wednesday.',
    })
    await engine.ingest(adapt('email.postal-mime', answer, engine.context))

    // 2. Wednesday, before the call.
    ;({ b, k } = await brief('2026-11-18T14:55:00Z'))
    expect(k.owner.text).toBe('Jane Ortiz')
    expect(k.commitments.at(-1)).toMatchObject({ status: 'open', owner: 'Jane Ortiz', dueBy: '2026-11-18T17:00:00.000Z' })
    expect(k.clock.status).toBe('met')
    expect(k.repeatCount).toBe(0)

    const [callEvent] = adapt('twilio.voice.status', call({ CallSid: 'CA1', Timestamp: 'Wed, 18 Nov 2026 15:04:00 +0000' }), engine.context)
    await engine.ingest([
      callEvent,
      {
        type: 'transcript', occurredAt: '2026-11-18T15:00:30Z', channel: 'voice', direction: 'inbound', about: callEvent!.id,
        actor: { role: 'customer' },
        identifiers: [{ kind: 'email', value: 'ann.lee@example.com', grade: 'stated' }],
        content: { text: "I'm calling again about order A-1001, it arrived broken. My email is ann.lee@example.com." },
        source: { system: 'transcribe', id: 'CA1-0' },
      },
      {
        type: 'transcript', occurredAt: '2026-11-18T15:03:00Z', channel: 'voice', direction: 'outbound', about: callEvent!.id,
        actor: { role: 'agent', id: 'omar', name: 'Omar Haddad' },
        content: { text: "I'm so sorry. I'll call you back tomorrow with the replacement details." },
        source: { system: 'transcribe', id: 'CA1-1' },
      },
    ])

    // 3. Friday morning, before the X post: the callback promise is overdue.
    ;({ b, k } = await brief('2026-11-20T09:55:00Z'))
    expect(b.cases).toHaveLength(1)
    expect(k.commitments.at(-1)).toMatchObject({ status: 'overdue', owner: 'Omar Haddad' })
    expect(k.repeatCount).toBe(1)
    expect(k.contacts.text).toContain('email, voice')

    await engine.ingest([
      {
        occurredAt: '2026-11-20T10:00:00Z', channel: 'x', direction: 'inbound', actor: { role: 'customer', name: 'Ann' },
        identifiers: [{ kind: 'x', value: '1850001' }, { kind: 'phone', value: '+14155550100', grade: 'stated' }],
        content: { text: '@acme order A-1001 arrived broken and nobody called me back. As I already said, I want a replacement. Ridiculous.' },
        source: { system: 'x', id: 'tweet-1', format: 'x.post' },
      },
    ])

    // 4. Before WhatsApp: the X post has waited past its hour, the callback promise is broken.
    ;({ b, k } = await brief('2026-11-20T11:25:00Z'))
    expect(k.clock.status).toBe('breached')
    expect(k.commitments.at(-1)).toMatchObject({ status: 'broken', owner: 'Omar Haddad' })
    expect(k.repeatCount).toBe(2)
    expect(k.escalation.map((e) => e.text).join(' ')).toContain('public post')

    await engine.ingest([
      {
        occurredAt: '2026-11-20T11:30:00Z', channel: 'whatsapp', direction: 'inbound', actor: { role: 'customer' },
        identifiers: [{ kind: 'phone', value: '+14155550100' }],
        content: { text: 'For the third time: order A-1001 arrived broken. I want a replacement.' },
        source: { system: 'whatsapp', id: 'wamid.1' },
      },
    ])
    ;({ b, k } = await brief('2026-11-20T11:40:00Z'))
    expect(k.contacts.text).toBe('4 customer contacts via email, voice, x, whatsapp')
    expect(k.repeatCount).toBe(3)
    expect(k.waiting.text).toContain('waiting on Omar Haddad for a reply')
    const text = (await engine.brief({ phone: '+14155550100' }, { asOf: '2026-11-20T11:40:00Z', format: 'text' })) as string
    if (process.env.SHOW_BRIEF) console.log(text)
    expect(text.split('\n').length).toBeLessThanOrEqual(27)
    expect(text).toContain('order A-1001')
    // Every item of the brief names the events it came from.
    for (const item of [k.issue!, k.owner, k.clock, k.waiting, ...k.commitments, ...k.done, ...k.lastExchanges]) expect(item.eventIds.length).toBeGreaterThan(0)
  })
})
