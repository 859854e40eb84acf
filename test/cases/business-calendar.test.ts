import { describe, expect, it } from 'vitest'
import {
  addBusinessDays,
  addBusinessMinutes,
  businessMinutesBetween,
  createBusinessCalendar,
  endOfBusinessDay,
  isBusinessDay,
} from '../../src/cases/index.js'
import { ThroughlineError } from '../../src/errors.js'

const utc = createBusinessCalendar()
const ny = createBusinessCalendar({ timeZone: 'America/New_York', holidays: ['2026-11-26'] })
const d = (iso: string) => new Date(iso)

describe('business calendar', () => {
  it('counts only opening hours between two instants', () => {
    expect(businessMinutesBetween(utc, d('2026-11-16T08:00:00Z'), d('2026-11-16T10:30:00Z'))).toBe(90)
    expect(businessMinutesBetween(utc, d('2026-11-16T18:00:00Z'), d('2026-11-17T08:00:00Z'))).toBe(0)
  })

  it('skips the weekend: Friday 16:00 to Monday 10:00 is two business hours', () => {
    expect(businessMinutesBetween(utc, d('2026-11-20T16:00:00Z'), d('2026-11-23T10:00:00Z'))).toBe(120)
    expect(addBusinessMinutes(utc, d('2026-11-20T16:00:00Z'), 120).toISOString()).toBe('2026-11-23T10:00:00.000Z')
  })

  it('starts counting at the next opening when the start is outside hours', () => {
    expect(addBusinessMinutes(utc, d('2026-11-20T18:00:00Z'), 240).toISOString()).toBe('2026-11-23T13:00:00.000Z')
  })

  it('lands a budget that ends exactly at closing on the closing time', () => {
    expect(addBusinessMinutes(utc, d('2026-11-16T13:00:00Z'), 240).toISOString()).toBe('2026-11-16T17:00:00.000Z')
  })

  it('skips holidays in the calendar time zone', () => {
    // Thanksgiving 2026-11-26 is closed in New York; Wednesday 16:00 EST + 2h lands Friday 10:00 EST.
    expect(isBusinessDay(ny, d('2026-11-26T15:00:00Z'))).toBe(false)
    expect(addBusinessMinutes(ny, d('2026-11-25T21:00:00Z'), 120).toISOString()).toBe('2026-11-27T15:00:00.000Z')
    expect(addBusinessDays(ny, d('2026-11-25T15:00:00Z'), 1).toISOString()).toBe('2026-11-27T15:00:00.000Z')
  })

  it('uses local hours across a daylight saving change', () => {
    // 2026-03-08 US clocks go forward: Monday 09:00 New York is 13:00 UTC, Friday before was 14:00 UTC.
    expect(endOfBusinessDay(ny, d('2026-03-06T15:00:00Z')).toISOString()).toBe('2026-03-06T22:00:00.000Z')
    expect(addBusinessMinutes(ny, d('2026-03-06T21:30:00Z'), 60).toISOString()).toBe('2026-03-09T13:30:00.000Z')
  })

  it('rejects an unknown time zone and inverted hours, naming the path', () => {
    const bad = (input: Parameters<typeof createBusinessCalendar>[0]) => {
      try {
        createBusinessCalendar(input)
      } catch (error) {
        return ThroughlineError.is(error) ? error.path.join('.') : 'other'
      }
      return 'none'
    }
    expect(bad({ timeZone: 'Mars/Olympus' })).toBe('calendar.timeZone')
    expect(bad({ hours: { mon: { open: '17:00', close: '09:00' } } })).toBe('calendar.hours.mon.close')
  })
})
