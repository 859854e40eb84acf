import { describe, expect, it } from 'vitest'
import { createBusinessCalendar, extractCommitments } from '../../src/cases/index.js'

const calendar = createBusinessCalendar({ holidays: ['2026-11-26'] })
// Tuesday 17 November 2026, 10:00 UTC.
const at = new Date('2026-11-17T10:00:00Z')

describe('extractCommitments', () => {
  it.each([
    ['We will email you an update by Friday.', '2026-11-20T17:00:00.000Z', 'email'],
    ['You will hear back within 24 hours.', '2026-11-18T10:00:00.000Z', 'reply'],
    ['Your refund will be processed in 3-5 business days.', '2026-11-24T17:00:00.000Z', 'manual'],
    ["I'll call you back tomorrow.", '2026-11-18T17:00:00.000Z', 'call'],
    ['I will get back to you by end of day.', '2026-11-17T17:00:00.000Z', 'reply'],
    ['We will send the replacement by Monday.', '2026-11-23T17:00:00.000Z', 'manual'],
    ['We will ship it by 12/03.', '2026-12-03T17:00:00.000Z', 'manual'],
    ['I will update you within 2 business days.', '2026-11-19T17:00:00.000Z', 'reply'],
    ['We will reply within the hour.', '2026-11-17T11:00:00.000Z', 'reply'],
    ['I will email you next week.', '2026-11-27T17:00:00.000Z', 'email'],
  ])('reads "%s" as due %s, kept by %s', (text, due, fulfil) => {
    const [found] = extractCommitments(text, at, calendar)
    expect(found).toMatchObject({ dueBy: due, fulfil, dueInferred: false })
  })

  it('skips a holiday when counting business days', () => {
    // Wednesday 25th + 3-5 business days: 26th is a holiday, so the 5th business day is 3 December.
    const [found] = extractCommitments('Refund will arrive in 3-5 business days.', new Date('2026-11-25T10:00:00Z'), calendar)
    expect(found?.dueBy).toBe('2026-12-03T17:00:00.000Z')
  })

  it('reads a weekday named on that same weekday as the next week', () => {
    const [found] = extractCommitments('We will email you by Tuesday.', at, calendar)
    expect(found?.dueBy).toBe('2026-11-24T17:00:00.000Z')
  })

  it('reads day/month when asked to', () => {
    const [found] = extractCommitments('We will ship it by 03/12.', at, calendar, { dateOrder: 'dmy' })
    expect(found?.dueBy).toBe('2026-12-03T17:00:00.000Z')
  })

  it('gives an undated promise the end of the next business day and says so', () => {
    const [found] = extractCommitments('OK, my manager will give you a call.', at, calendar)
    expect(found).toMatchObject({ dueBy: '2026-11-18T17:00:00.000Z', dueInferred: true, fulfil: 'call' })
  })

  it('finds no promise in refusals, questions or courtesy', () => {
    expect(extractCommitments("We won't be able to refund this by Friday.", at, calendar)).toEqual([])
    expect(extractCommitments('Did it arrive by Friday?', at, calendar)).toEqual([])
    expect(extractCommitments('I will check.', at, calendar)).toEqual([])
  })

  it('finds each promise of a message with several', () => {
    const found = extractCommitments('I will email you the label today. We will refund you within 5 business days.', at, calendar)
    expect(found.map((f) => f.fulfil)).toEqual(['email', 'manual'])
  })
})
