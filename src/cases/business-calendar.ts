import { TZDate } from '@date-fns/tz'
import { addDays, format, getDay, startOfDay } from 'date-fns'
import { z } from 'zod'
import { ThroughlineError, issuesFromZod } from '../errors.js'

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
export type Weekday = (typeof WEEKDAYS)[number]

const HHMM = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/u, 'expected HH:MM, 00:00 to 24:00')
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

const OpenHours = z
  .object({ open: HHMM, close: HHMM })
  .refine((h) => minutesOf(h.open) < minutesOf(h.close), { message: 'close must be after open', path: ['close'] })

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

const NINE_TO_FIVE = { open: '09:00', close: '17:00' }

/**
 * A business calendar as data: opening hours per weekday (one interval a day; a day left out
 * is closed), an IANA time zone, and holidays as local ISO dates.
 */
export const BusinessCalendarSchema = z.object({
  timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin').default('UTC'),
  hours: z
    .partialRecord(z.enum(WEEKDAYS), OpenHours.nullable())
    .default({ mon: NINE_TO_FIVE, tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE }),
  holidays: z.array(z.iso.date()).max(10_000).default([]),
})
export type BusinessCalendarInput = z.input<typeof BusinessCalendarSchema>

/** A resolved calendar: minutes from local midnight per weekday, holidays as a set. */
export interface BusinessCalendar {
  readonly timeZone: string
  /** Indexed by `getDay` (0 = Sunday): `[openMinute, closeMinute]`, or `undefined` when closed. */
  readonly hours: readonly (readonly [number, number] | undefined)[]
  readonly holidays: ReadonlySet<string>
}

/** Guards every day-walking loop: ten years of days is far beyond any SLA or promise. */
const MAX_DAYS = 3_660
const MINUTE = 60_000

/**
 * Resolves a calendar description. Default: Monday to Friday, 09:00–17:00 UTC, no holidays.
 * @throws ThroughlineError `invalid_options` naming the offending path
 * @example createBusinessCalendar({ timeZone: 'America/New_York', holidays: ['2026-12-25'] })
 */
export function createBusinessCalendar(input: BusinessCalendarInput = {}): BusinessCalendar {
  const parsed = BusinessCalendarSchema.safeParse(input)
  if (!parsed.success) {
    throw new ThroughlineError('invalid_options', 'cases', 'invalid business calendar', {
      issues: issuesFromZod('invalid_options', parsed.error.issues, ['calendar']),
    })
  }
  const { timeZone, hours, holidays } = parsed.data
  return {
    timeZone,
    hours: WEEKDAYS.map((day) => {
      const h = hours[day]
      return h ? ([minutesOf(h.open), minutesOf(h.close)] as const) : undefined
    }),
    holidays: new Set(holidays),
  }
}

/** The instant as a date in the calendar's zone, so date-fns computes days and weekdays there. */
function local(calendar: BusinessCalendar, at: Date | number): TZDate {
  return new TZDate(typeof at === 'number' ? at : at.getTime(), calendar.timeZone)
}

/** The local date (YYYY-MM-DD) of an instant in the calendar's zone. */
export function localDate(calendar: BusinessCalendar, at: Date | number): string {
  return format(local(calendar, at), 'yyyy-MM-dd')
}

/** Whether the instant's local day has opening hours and is not a holiday. */
export function isBusinessDay(calendar: BusinessCalendar, at: Date | number): boolean {
  const day = local(calendar, at)
  return calendar.hours[getDay(day)] !== undefined && !calendar.holidays.has(format(day, 'yyyy-MM-dd'))
}

/** Opening interval (epoch ms) of the local day that starts at `dayStart`, if it is a business day. */
function window(calendar: BusinessCalendar, dayStart: TZDate): readonly [number, number] | undefined {
  if (!isBusinessDay(calendar, dayStart)) return undefined
  const hours = calendar.hours[getDay(dayStart)] as readonly [number, number]
  const at = (minute: number) =>
    new TZDate(dayStart.getFullYear(), dayStart.getMonth(), dayStart.getDate(), Math.floor(minute / 60), minute % 60, calendar.timeZone).getTime()
  return [at(hours[0]), at(hours[1])]
}

/**
 * Business minutes between two instants: the overlap of `[from, to)` with opening hours,
 * skipping closed weekdays and holidays. Zero when `to` is not after `from`.
 * @example businessMinutesBetween(cal, new Date('2026-11-20T16:00:00Z'), new Date('2026-11-23T10:00:00Z')) // 120 (Fri 16–17, Mon 9–10)
 */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const end = to.getTime()
  let total = 0
  let day = startOfDay(local(calendar, from))
  for (let i = 0; i < MAX_DAYS && day.getTime() < end; i++) {
    const open = window(calendar, day)
    if (open) total += Math.max(0, Math.min(open[1], end) - Math.max(open[0], from.getTime()))
    day = addDays(day, 1)
  }
  return total / MINUTE
}

/**
 * The instant `minutes` business minutes after `from`. A start outside hours begins counting
 * at the next opening, so "4 business hours" from Friday 18:00 lands on Monday 13:00.
 * @example addBusinessMinutes(cal, new Date('2026-11-20T16:00:00Z'), 120) // Mon 2026-11-23T10:00Z
 */
export function addBusinessMinutes(calendar: BusinessCalendar, from: Date, minutes: number): Date {
  let left = minutes * MINUTE
  let day = startOfDay(local(calendar, from))
  for (let i = 0; i < MAX_DAYS; i++) {
    const open = window(calendar, day)
    if (open) {
      const start = Math.max(open[0], from.getTime())
      const available = Math.max(0, open[1] - start)
      // `<=` lands a budget that ends exactly at closing on that closing time, not the next opening.
      if (left <= available && start < open[1]) return new Date(start + left)
      left -= available
    }
    day = addDays(day, 1)
  }
  throw new ThroughlineError('invalid_options', 'cases', 'the business calendar has no opening hours within ten years', {
    issues: [{ code: 'invalid_options', path: ['calendar', 'hours'], message: 'no opening hours' }],
  })
}

/**
 * The same local time of day, `days` business days later (weekends and holidays skipped).
 * @example addBusinessDays(cal, new Date('2026-11-20T10:00:00Z'), 1) // Mon 2026-11-23T10:00Z
 */
export function addBusinessDays(calendar: BusinessCalendar, from: Date, days: number): Date {
  let day = local(calendar, from)
  for (let counted = 0, i = 0; counted < days && i < MAX_DAYS; i++) {
    day = addDays(day, 1)
    if (isBusinessDay(calendar, day)) counted++
  }
  return new Date(day.getTime())
}

/**
 * Close of business on the instant's local day; on a closed day, the last minute of that day,
 * since a promise "by Saturday" is still due that Saturday.
 * @example endOfBusinessDay(cal, new Date('2026-11-20T10:00:00Z')) // 2026-11-20T17:00Z
 */
export function endOfBusinessDay(calendar: BusinessCalendar, at: Date): Date {
  const day = startOfDay(local(calendar, at))
  const open = window(calendar, day)
  return new Date(open ? open[1] : addDays(day, 1).getTime() - MINUTE)
}

/** Local midnight starting the instant's day, `days` calendar days later (negative goes back). */
export function localDayStart(calendar: BusinessCalendar, at: Date, days = 0): Date {
  return new Date(addDays(startOfDay(local(calendar, at)), days).getTime())
}

/** The weekday index (0 = Sunday) of an instant in the calendar's zone. */
export function localWeekday(calendar: BusinessCalendar, at: Date): number {
  return getDay(local(calendar, at))
}

/** The instant of a local date (YYYY-MM-DD) at noon in the calendar's zone. */
export function localNoon(calendar: BusinessCalendar, isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number]
  return new Date(new TZDate(y, m - 1, d, 12, 0, calendar.timeZone).getTime())
}
