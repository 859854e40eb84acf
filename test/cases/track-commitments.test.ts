import { describe, expect, it } from 'vitest'
import { createBusinessCalendar, trackCommitments } from '../../src/cases/index.js'
import { ev, reply } from './helpers.js'

const calendar = createBusinessCalendar()
const promise = reply('2026-11-17T10:00:00Z', 'We will email you an update by Friday.')
const status = (events: Parameters<typeof trackCommitments>[1], asOf: string) =>
  trackCommitments('case_x', events, { calendar, asOf: new Date(asOf) }).map((c) => c.status)

describe('trackCommitments', () => {
  it('is open before the due time and overdue after it', () => {
    expect(status([promise], '2026-11-19T10:00:00Z')).toEqual(['open'])
    expect(status([promise], '2026-11-21T10:00:00Z')).toEqual(['overdue'])
  })

  it('is kept by a later outbound email, not by a reply on another channel', () => {
    const sms = reply('2026-11-18T10:00:00Z', 'ok', { channel: 'sms' })
    const email = reply('2026-11-19T10:00:00Z', 'Here is the update')
    expect(status([promise, sms], '2026-11-19T12:00:00Z')).toEqual(['open'])
    const [kept] = trackCommitments('case_x', [promise, sms, email], { calendar, asOf: new Date('2026-11-19T12:00:00Z') })
    expect(kept).toMatchObject({ status: 'kept', keptByEventId: email.id, promisedBy: { name: 'Jane Ortiz' } })
  })

  it('is broken when the customer has to chase after the due time', () => {
    const chase = ev({ at: '2026-11-21T09:00:00Z', channel: 'x', text: 'where is my update??' })
    const [broken] = trackCommitments('case_x', [promise, chase], { calendar, asOf: new Date('2026-11-21T10:00:00Z') })
    expect(broken).toMatchObject({ status: 'broken', brokenByEventId: chase.id })
  })

  it('is kept late when fulfilled after the due time but before any chase', () => {
    const email = reply('2026-11-21T09:00:00Z', 'Sorry for the delay, here is the update')
    const [late] = trackCommitments('case_x', [promise, email], { calendar, asOf: new Date('2026-11-22T10:00:00Z') })
    expect(late).toMatchObject({ status: 'kept', late: true })
  })
})
