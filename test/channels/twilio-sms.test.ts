import { describe, expect, it } from 'vitest'
import { adapt, safeAdapt, smsConsent } from '../../src/channels/index.js'
import { eventIdFor } from '../../src/events/index.js'
import { context, fixture, rejection } from './helpers.js'

describe('twilio.sms', () => {
  it('maps an incoming message to an inbound message from the sender number, with its media', () => {
    const [sms] = adapt('twilio.sms', fixture('twilio-sms-inbound.json'), context)
    expect(sms).toMatchObject({
      id: eventIdFor('twilio.sms', 'SM9f8e7d6c5b4a39281706f5e4d3c2b1a0'),
      type: 'message',
      channel: 'sms',
      direction: 'inbound',
      occurredAt: '2024-05-15T09:12:44.000Z',
      identifiers: [{ kind: 'phone', value: '+14155552671', grade: 'channel' }],
      content: { text: 'Is my refund for order 4411 on its way?', attachments: 1 },
      thread: { key: 'twilio.sms:+14155550100:+14155552671' },
    })
    expect(sms?.data?.mediaUrls).toHaveLength(1)
  })

  it('turns STOP into an opt-out and START into an opt-in for SMS', () => {
    const [stop] = adapt('twilio.sms', fixture('twilio-sms-stop.json'), context)
    expect(stop?.consent).toEqual([{ channel: 'sms', purpose: 'any', granted: false }])
    const start = { ...fixture('twilio-sms-stop.json'), Body: ' start ', OptOutType: undefined, MessageSid: 'SM3' }
    expect(adapt('twilio.sms', start, context)[0]?.consent).toEqual([{ channel: 'sms', purpose: 'any', granted: true }])
    expect(smsConsent('unsubscribe', undefined)?.[0]?.granted).toBe(false)
    expect(smsConsent('please stop calling me', undefined)).toBeUndefined()
  })

  it('maps a status callback to a status event about the message, never replacing its text', () => {
    const [status] = adapt('twilio.sms', fixture('twilio-sms-status.json'), context)
    const [sent] = adapt('twilio.sms', fixture('twilio-sms-outbound.json'), context)
    expect(status).toMatchObject({ type: 'status', about: sent?.id, content: { status: 'delivered' } })
    expect(status?.id).not.toBe(sent?.id)
  })

  it('names the company as actor on an outbound message and keeps its own number out of identifiers', () => {
    const [sent] = adapt('twilio.sms', fixture('twilio-sms-outbound.json'), context)
    expect(sent?.direction).toBe('outbound')
    expect(sent?.actor.role).toBe('agent')
    expect(sent?.identifiers.map((i) => i.value)).toEqual(['+14155552671'])
  })

  it('requires ReceivedAt, because Twilio sends no time', async () => {
    const { ReceivedAt: _omit, ...payload } = fixture('twilio-sms-inbound.json')
    expect((await rejection('twilio.sms', payload)).path).toEqual(['payload', 'ReceivedAt'])
  })

  it('skips a webhook with neither body nor status', () => {
    const { Body: _b, SmsStatus: _s, ...payload } = fixture('twilio-sms-inbound.json')
    expect(safeAdapt('twilio.sms', payload, context)).toMatchObject({ success: true, events: [], skipped: expect.any(String) })
  })
})
