import { describe, expect, it } from 'vitest'
import { adapt, createEngine, type CustomerEventInput, ThroughlineError } from '../../src/index.js'
import { CONTEXT, call, email, fixedClock } from '../helpers/fixtures.js'

const webForm = (overrides: Partial<CustomerEventInput> = {}): CustomerEventInput => ({
  type: 'message',
  occurredAt: '2026-11-15T18:00:00Z',
  channel: 'web',
  direction: 'inbound',
  actor: { role: 'customer', name: 'Ann Lee' },
  identifiers: [
    { kind: 'email', value: 'ann.lee@example.com' },
    { kind: 'phone', value: '415 555 0100' },
  ],
  traits: { name: 'Ann Lee' },
  content: { text: 'Please call me about my order.' },
  source: { system: 'web.contact-form', id: 'form-1' },
  ...overrides,
})

describe('engine.ingest', () => {
  it('joins an email and a call from one person whose phone is written differently in each', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    const report = await engine.ingest([
      webForm(),
      ...adapt('email.postal-mime', email({ messageId: '<m1@example.com>' }), engine.context),
      ...adapt('twilio.voice.status', call({ CallSid: 'CA1', From: '(415) 555-0100' }), engine.context),
    ])
    expect(report).toMatchObject({ accepted: 3, duplicates: 0, rejected: [] })
    const byEmail = await engine.profile({ email: 'Ann.Lee@Example.com' })
    const byPhone = await engine.profile({ phone: '+1 (415) 555-0100' })
    expect(byEmail?.id).toBeDefined()
    expect(byPhone?.id).toBe(byEmail?.id)
    expect(byEmail?.identifiers.map((i) => `${i.kind}:${i.value}`)).toEqual(['email:ann.lee@example.com', 'phone:+14155550100'])
    const timeline = await engine.timeline({ email: 'ann.lee@example.com' })
    expect(timeline.map((entry) => entry.channel)).toEqual(['web', 'email', 'voice'])
    expect(timeline.map((entry) => entry.occurredAt)).toEqual([...timeline.map((entry) => entry.occurredAt)].sort())
  })

  it('finds the profile by any of its event ids', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    const [event] = adapt('twilio.voice.status', call({ CallSid: 'CA9' }), engine.context)
    await engine.ingest([event])
    const profile = await engine.profile({ eventId: event?.id as string })
    expect(profile?.identifiers[0]?.value).toBe('+14155550100')
    expect(await engine.profile(event?.id as string)).toEqual(profile)
    expect(await engine.profile(profile?.id as string)).toEqual(profile)
  })

  it("never makes the company's own address a customer identifier", async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    await engine.ingest([
      ...adapt('email.postal-mime', email({ messageId: '<a@x>', from: { address: 'ann@example.com' } }), engine.context),
      ...adapt(
        'email.postal-mime',
        email({ messageId: '<b@x>', from: { address: 'bob@example.org' }, cc: [{ address: 'Support@Acme.example' }] }),
        engine.context,
      ),
    ])
    const ann = await engine.profile({ email: 'ann@example.com' })
    const bob = await engine.profile({ email: 'bob@example.org' })
    expect(ann?.id).not.toBe(bob?.id)
    expect(await engine.profile({ email: 'support@acme.example' })).toBeUndefined()
  })

  it('names the agent on an outbound reply and files it under the customer', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    await engine.ingest([
      ...adapt('email.postal-mime', email({ messageId: '<q@x>' }), engine.context),
      ...adapt(
        'email.postal-mime',
        email({
          messageId: '<r@acme.example>',
          from: { address: 'jane@acme.example', name: 'Jane' },
          to: [{ address: 'ann.lee@example.com' }],
          inReplyTo: '<q@x>',
          date: '2026-11-16T10:00:00Z',
          text: 'We will send a replacement by Friday.',
        }),
        engine.context,
      ),
    ])
    const timeline = await engine.timeline({ email: 'ann.lee@example.com' })
    expect(timeline.map((e) => [e.direction, e.actor.name])).toEqual([
      ['inbound', 'Ann Lee'],
      ['outbound', 'Jane Ortiz'],
    ])
  })

  it('reports a redelivered payload as a duplicate and stores it once', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    const payload = email({ messageId: '<dup@example.com>' })
    const first = await engine.ingest([{ format: 'email.postal-mime', payload }])
    const again = await engine.ingest([{ format: 'email.postal-mime', payload }, { format: 'email.postal-mime', payload }])
    expect(first.accepted).toBe(1)
    expect(again).toMatchObject({ accepted: 0, duplicates: 2, rejected: [] })
    expect(await engine.store.countEvents()).toBe(1)
    expect((await engine.timeline({ email: 'ann.lee@example.com' })).length).toBe(1)
  })

  it('keeps the final revision of a call whatever order its callbacks arrive in', async () => {
    const ringing = call({ CallSid: 'CA7', CallStatus: 'ringing', Timestamp: 'Wed, 18 Nov 2026 15:00:00 +0000' })
    const { CallDuration: _unused, ...ringingWithoutDuration } = ringing
    const completed = call({ CallSid: 'CA7', CallStatus: 'completed', CallDuration: '240', Timestamp: 'Wed, 18 Nov 2026 15:04:00 +0000' })
    for (const order of [
      [ringingWithoutDuration, completed],
      [completed, ringingWithoutDuration],
    ]) {
      const engine = createEngine({ context: CONTEXT, clock: fixedClock })
      for (const payload of order) await engine.ingest([{ format: 'twilio.voice.status', payload }])
      const [entry, ...rest] = await engine.timeline({ phone: '4155550100' })
      expect(rest).toEqual([])
      expect(entry).toMatchObject({ status: 'completed', durationSeconds: 240, occurredAt: '2026-11-18T15:00:00.000Z' })
    }
  })

  it('rejects a malformed payload with its path and applies the rest of the batch', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    const broken = { ...email({ messageId: '<bad@x>' }), date: 'not a date' }
    const report = await engine.ingest([
      { format: 'email.postal-mime', payload: email({ messageId: '<ok@x>' }) },
      { format: 'email.postal-mime', payload: broken },
      { format: 'no.such.format', payload: {} },
      webForm({ identifiers: [{ kind: 'phone', value: 'call me maybe' }] }),
      { channel: 'email' },
    ])
    expect(report.accepted).toBe(1)
    expect(report.rejected.map((r) => [r.index, r.code, r.path.join('.')])).toEqual([
      [1, 'invalid_payload', 'payload.date'],
      [2, 'unknown_format', 'format'],
      [3, 'invalid_event', 'identifiers.0.value'],
      [4, 'invalid_event', 'occurredAt'],
    ])
    expect(await engine.store.countEvents()).toBe(1)
  })

  it('answers a malformed lookup with a typed error naming the field', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    const error = await engine.profile({ phone: 'abc' }).catch((e: unknown) => e)
    expect(ThroughlineError.is(error) && error.code).toBe('invalid_lookup')
    expect(ThroughlineError.is(error) && error.path).toEqual(['lookup', 'phone'])
    await expect(engine.profile({ email: 'a@b.co', phone: '1' } as never)).rejects.toMatchObject({ code: 'invalid_lookup' })
  })

  it('treats placeholder identifiers as no evidence', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    const report = await engine.ingest([
      webForm({ identifiers: [{ kind: 'phone', value: '000-000-0000' }], source: { system: 'web', id: '1' } }),
      webForm({ identifiers: [{ kind: 'phone', value: '(000) 000 0000' }], source: { system: 'web', id: '2' }, traits: { name: 'Bo Chan' } }),
      webForm({ identifiers: [{ kind: 'email', value: 'noreply@shop.example' }], source: { system: 'web', id: '3' } }),
      webForm({ identifiers: [{ kind: 'email', value: 'no-reply@shop.example' }], source: { system: 'web', id: '4' } }),
    ])
    expect(report.accepted).toBe(4)
    expect(report.profileIds).toHaveLength(4)
  })

  it('explains why two events are one person, and answers null for two people', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    const [form] = await engine.ingest([webForm()]).then((r) => r.eventIds)
    const [mail] = adapt('email.postal-mime', email({ messageId: '<e@x>' }), engine.context)
    const [phoneCall] = adapt('twilio.voice.status', call({ CallSid: 'CA3' }), engine.context)
    const [stranger] = adapt('twilio.voice.status', call({ CallSid: 'CA4', From: '+44 20 7946 0018' }), engine.context)
    await engine.ingest([mail, phoneCall, stranger])
    const why = await engine.explain(mail?.id as string, phoneCall?.id as string)
    expect(why?.path.map((step) => step.key)).toEqual(['email:ann.lee@example.com', 'phone:+14155550100'])
    expect(why?.path[0]?.reason).toBe('both hold email:ann.lee@example.com')
    expect(why?.path.flatMap((s) => [s.a, s.b])).toContain(form)
    expect(await engine.explain(mail?.id as string, stranger?.id as string)).toBeNull()
  })
})
