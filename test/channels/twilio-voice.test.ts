import { describe, expect, it } from 'vitest'
import { adapt, safeAdapt } from '../../src/channels/index.js'
import { eventIdFor } from '../../src/events/index.js'
import { context, fixture } from './helpers.js'

describe('twilio.voice.status', () => {
  it('makes one call event per CallSid, timed at the start of the call', () => {
    const [call] = adapt('twilio.voice.status', fixture('twilio-voice-inbound-completed.json'), context)
    expect(call).toMatchObject({
      id: eventIdFor('twilio.voice', 'CA5f1e2d3c4b5a69788796a5b4c3d2e1f0'),
      type: 'call',
      direction: 'inbound',
      // 16:23:04 minus 184 seconds.
      occurredAt: '2024-05-14T16:20:00.000Z',
      identifiers: [{ kind: 'phone', value: '+14155552671', grade: 'channel' }],
      content: { status: 'completed', durationSeconds: 184 },
      revision: 3,
      thread: { key: 'twilio.call:CA5f1e2d3c4b5a69788796a5b4c3d2e1f0' },
    })
  })

  it('treats a ringing callback as an earlier revision of the same call event', () => {
    const [ringing] = adapt('twilio.voice.status', fixture('twilio-voice-ringing.json'), context)
    const [completed] = adapt('twilio.voice.status', fixture('twilio-voice-inbound-completed.json'), context)
    expect(ringing?.id).toBe(completed?.id)
    expect(ringing?.revision).toBeLessThan(completed?.revision ?? 0)
  })

  it('puts a forwarded dial leg on its parent call thread, with the caller as customer and the agent never an identifier', () => {
    const [leg] = adapt('twilio.voice.status', fixture('twilio-voice-dial-leg.json'), context)
    expect(leg?.thread?.key).toBe('twilio.call:CA5f1e2d3c4b5a69788796a5b4c3d2e1f0')
    expect(leg?.identifiers).toEqual([{ kind: 'phone', value: '+14155552671', grade: 'channel' }])
    expect(leg?.direction).toBe('inbound')
  })

  it('names the agent on an outbound call from a client identity, and keeps the customer number', () => {
    const payload = { ...fixture('twilio-voice-inbound-completed.json'), Direction: 'outbound-api', From: 'client:ana', To: '+14155552671' }
    const [call] = adapt('twilio.voice.status', payload, context)
    expect(call?.actor).toEqual({ role: 'agent', id: 'agent-ana', name: 'Ana Agent' })
    expect(call?.identifiers.map((i) => i.value)).toEqual(['+14155552671'])
  })

  it('keeps a customer client identity as a client identifier', () => {
    const payload = { ...fixture('twilio-voice-inbound-completed.json'), From: 'client:web-visitor-42' }
    const [call] = adapt('twilio.voice.status', payload, context)
    expect(call?.identifiers).toEqual([{ kind: 'client', value: 'web-visitor-42', grade: 'channel' }])
  })

  it('times the first voice webhook, which has no Timestamp, by ReceivedAt', () => {
    const { Timestamp: _omit, ...payload } = fixture('twilio-voice-ringing.json')
    const [call] = adapt('twilio.voice.status', { ...payload, ReceivedAt: '2024-05-14T16:20:00Z' }, context)
    expect(call).toMatchObject({ occurredAt: '2024-05-14T16:20:00.000Z', revision: 1 })
  })

  it('skips a callback without Timestamp, saying why', () => {
    const { Timestamp: _omit, ...payload } = fixture('twilio-voice-ringing.json')
    const result = safeAdapt('twilio.voice.status', payload, context)
    expect(result).toMatchObject({ success: true, events: [], skipped: expect.stringContaining('Timestamp') })
  })
})
