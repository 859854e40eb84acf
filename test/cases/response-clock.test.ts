import { describe, expect, it } from 'vitest'
import { createBusinessCalendar, DEFAULT_SLA_POLICIES, responseClock } from '../../src/cases/index.js'
import { BOT, ev, reply } from './helpers.js'

const calendar = createBusinessCalendar({ holidays: ['2026-11-26'] })
const clock = (events: Parameters<typeof responseClock>[0], asOf: string) =>
  responseClock(events, { asOf: new Date(asOf), calendar, policies: DEFAULT_SLA_POLICIES })

describe('responseClock', () => {
  it('counts an email wait in business hours: ok, then at-risk, then breached', () => {
    const mail = ev({ at: '2026-11-16T10:00:00Z', text: 'Where is my order?' })
    expect(clock([mail], '2026-11-16T12:00:00Z').status).toBe('ok')
    expect(clock([mail], '2026-11-16T13:00:00Z').status).toBe('at-risk')
    expect(clock([mail], '2026-11-16T14:30:00Z').waiting).toMatchObject({ status: 'breached', dueBy: '2026-11-16T14:00:00.000Z' })
  })

  it('does not run over the weekend', () => {
    const mail = ev({ at: '2026-11-20T16:00:00Z', text: 'Where is my order?' })
    const sunday = clock([mail], '2026-11-22T20:00:00Z')
    expect(sunday).toMatchObject({ status: 'ok', waiting: { dueBy: '2026-11-23T12:00:00.000Z', budgetElapsedMinutes: 60 } })
  })

  it('does not run over a holiday', () => {
    const mail = ev({ at: '2026-11-25T16:00:00Z', text: 'Where is my order?' })
    expect(clock([mail], '2026-11-26T16:00:00Z').waiting?.dueBy).toBe('2026-11-27T12:00:00.000Z')
  })

  it('keeps one clock when the customer switches channel mid-wait, owed the faster channel', () => {
    const mail = ev({ at: '2026-11-16T10:00:00Z', text: 'Where is my order?' })
    const post = ev({ at: '2026-11-16T11:00:00Z', channel: 'x', text: 'hello??' })
    const c = clock([mail, post], '2026-11-16T11:50:00Z')
    expect(c.waits).toHaveLength(0)
    expect(c.waiting).toMatchObject({
      kind: 'first',
      startedAt: '2026-11-16T10:00:00.000Z',
      contactEventIds: [mail.id, post.id],
      channels: ['email', 'x'],
      dueBy: '2026-11-16T12:00:00.000Z',
      status: 'at-risk',
    })
  })

  it('stops at the first human reply on any channel, not at a bot', () => {
    const mail = ev({ at: '2026-11-16T10:00:00Z', text: 'Where is my order?' })
    const bot = reply('2026-11-16T10:01:00Z', 'Thanks, we got your message', { actor: BOT })
    const human = reply('2026-11-16T11:30:00Z', 'It ships today', { channel: 'whatsapp' })
    const c = clock([mail, bot, human], '2026-11-17T09:00:00Z')
    expect(c.waits[0]).toMatchObject({ kind: 'first', answerEventId: human.id, elapsedMinutes: 90, status: 'met', answeredBy: { name: 'Jane Ortiz' } })
    expect(c.status).toBe('met')
  })

  it('starts a next-response wait after an answer', () => {
    const events = [
      ev({ at: '2026-11-16T10:00:00Z', channel: 'chat', text: 'hi' }),
      reply('2026-11-16T10:05:00Z', 'hello', { channel: 'chat' }),
      ev({ at: '2026-11-16T10:06:00Z', channel: 'chat', text: 'my order is late' }),
    ]
    const c = clock(events, '2026-11-16T10:30:00Z')
    expect(c.waiting).toMatchObject({ kind: 'next', status: 'breached', budgetMinutes: 15 })
  })

  it('has no SLA for a missed call, and an answered call answers the customer', () => {
    const missed = ev({ at: '2026-11-16T10:00:00Z', type: 'call', channel: 'voice', content: { status: 'no-answer' } })
    expect(clock([missed], '2026-11-16T18:00:00Z').status).toBe('na')
    const talked = ev({ at: '2026-11-16T11:00:00Z', type: 'call', channel: 'voice', content: { status: 'completed', durationSeconds: 120 } })
    expect(clock([ev({ at: '2026-11-16T10:30:00Z', channel: 'x', text: 'hello?' }), talked], '2026-11-16T18:00:00Z').status).toBe('met')
  })
})
