import { describe, expect, it } from 'vitest'
import { adapt, createEngine } from '../../src/index.js'
import { CONTEXT, call, email, fixedClock } from '../helpers/fixtures.js'

describe('engine', () => {
  it('joins an email and a call from one person whose phone is written differently', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    const events = [
      ...adapt('email.postal-mime', email({ messageId: '<m1@example.com>', text: 'Call me on 415-555-0100' }), engine.context),
      ...adapt('twilio.voice.status', call({ CallSid: 'CA1', From: '(415) 555-0100' }), engine.context),
      ...adapt('twilio.voice.status', call({ CallSid: 'CA2', From: '+1 415 555 0100' }), engine.context),
    ]
    const report = await engine.ingest(events)
    expect(report.accepted).toBe(3)
    const byPhone = await engine.profile({ phone: '415.555.0100' })
    expect(byPhone?.eventCount).toBe(2)
    const timeline = await engine.timeline({ phone: '4155550100' })
    expect(timeline.map((e) => e.channel)).toEqual(['voice', 'voice'])
  })
})
