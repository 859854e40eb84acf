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
  // Equal descriptions give the same (frozen) calendar, so results memoized per calendar are reused.
  const key = JSON.stringify(input)
  const known = calendars.get(key)
  if (known) return known
  const calendar = Object.freeze(createUncached(input))
  if (calendars.size >= 100) calendars.clear()
  calendars.set(key, calendar)
  return calendar
}

const calendars = new Map<string, BusinessCalendar>()

function createUncached(input: BusinessCalendarInput): BusinessCalendar {
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

const DAY = 86_400_000
const formatters = new Map<string, Intl.DateTimeFormat>()
const offsets = new Map<string, Map<number, number>>()

/**
 * The zone's UTC offset (ms) at an instant, from `Intl.DateTimeFormat`. Memoized per zone and
 * quarter hour: offsets only change at such boundaries, and Intl formatting is the slow part.
 */
export function zoneOffset(timeZone: string, at: number): number {
  if (timeZone === 'UTC') return 0
  let cache = offsets.get(timeZone)
  if (!cache) offsets.set(timeZone, (cache = new Map()))
  const bucket = Math.floor(at / 900_000)
  const hit = cache.get(bucket)
  if (hit !== undefined) return hit
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    formatters.set(timeZone, format)
  }
  const parts: Record<string, number> = {}
  for (const part of format.formatToParts(new Date(bucket * 900_000))) if (part.type !== 'literal') parts[part.type] = Number(part.value)
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
  const offset = wall - bucket * 900_000
  if (cache.size > 50_000) cache.clear()
  cache.set(bucket, offset)
  return offset
}

/** Local wall time as UTC fields ("shifted" ms), so UTC getters read local dates and hours. */
const toWall = (calendar: BusinessCalendar, at: number) => at + zoneOffset(calendar.timeZone, at)
/** The instant of a local wall time; in a DST gap or overlap, the offset just before it decides. */
function fromWall(calendar: BusinessCalendar, wall: number): number {
  const guess = wall - zoneOffset(calendar.timeZone, wall)
  return wall - zoneOffset(calendar.timeZone, guess)
}
const ms = (at: Date | number) => (typeof at === 'number' ? at : at.getTime())
/** Local midnight (as wall ms) of the day holding the instant. */
const wallDay = (calendar: BusinessCalendar, at: Date | number) => Math.floor(toWall(calendar, ms(at)) / DAY) * DAY
const isoOfWall = (wall: number) => new Date(wall).toISOString().slice(0, 10)

/** The local date (YYYY-MM-DD) of an instant in the calendar's zone. */
export function localDate(calendar: BusinessCalendar, at: Date | number): string {
  return isoOfWall(wallDay(calendar, at))
}

/** Weekday (0 = Sunday) of a wall-time day without a Date: 1970-01-01 was a Thursday. */
const weekdayOfWall = (day: number) => (((Math.floor(day / DAY) + 4) % 7) + 7) % 7

function isBusinessWallDay(calendar: BusinessCalendar, day: number): boolean {
  return calendar.hours[weekdayOfWall(day)] !== undefined && (calendar.holidays.size === 0 || !calendar.holidays.has(isoOfWall(day)))
}

/** Whether the instant's local day has opening hours and is not a holiday. */
export function isBusinessDay(calendar: BusinessCalendar, at: Date | number): boolean {
  return isBusinessWallDay(calendar, wallDay(calendar, at))
}

/** Opening interval (epoch ms) of the local day starting at wall midnight `day`, if it is a business day. */
function window(calendar: BusinessCalendar, day: number): readonly [number, number] | undefined {
  if (!isBusinessWallDay(calendar, day)) return undefined
  const hours = calendar.hours[weekdayOfWall(day)] as readonly [number, number]
  return [fromWall(calendar, day + hours[0] * 60_000), fromWall(calendar, day + hours[1] * 60_000)]
}

/**
 * Business minutes between two instants: the overlap of `[from, to)` with opening hours,
 * skipping closed weekdays and holidays. Zero when `to` is not after `from`.
 * @example businessMinutesBetween(cal, new Date('2026-11-20T16:00:00Z'), new Date('2026-11-23T10:00:00Z')) // 120 (Fri 16–17, Mon 9–10)
 */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const end = to.getTime()
  let total = 0
  let day = wallDay(calendar, from)
  for (let i = 0; i < MAX_DAYS && fromWall(calendar, day) < end; i++) {
    const open = window(calendar, day)
    if (open) total += Math.max(0, Math.min(open[1], end) - Math.max(open[0], from.getTime()))
    day += DAY
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
  let day = wallDay(calendar, from)
  for (let i = 0; i < MAX_DAYS; i++) {
    const open = window(calendar, day)
    if (open) {
      const start = Math.max(open[0], from.getTime())
      const available = Math.max(0, open[1] - start)
      // `<=` lands a budget that ends exactly at closing on that closing time, not the next opening.
      if (left <= available && start < open[1]) return new Date(start + left)
      left -= available
    }
    day += DAY
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
  const wall = toWall(calendar, from.getTime())
  const timeOfDay = wall - Math.floor(wall / DAY) * DAY
  let day = wall - timeOfDay
  for (let counted = 0, i = 0; counted < days && i < MAX_DAYS; i++) {
    day += DAY
    if (isBusinessWallDay(calendar, day)) counted++
  }
  return new Date(fromWall(calendar, day + timeOfDay))
}

/**
 * Close of business on the instant's local day; on a closed day, the last minute of that day,
 * since a promise "by Saturday" is still due that Saturday.
 * @example endOfBusinessDay(cal, new Date('2026-11-20T10:00:00Z')) // 2026-11-20T17:00Z
 */
export function endOfBusinessDay(calendar: BusinessCalendar, at: Date): Date {
  const day = wallDay(calendar, at)
  const open = window(calendar, day)
  return new Date(open ? open[1] : fromWall(calendar, day + DAY) - MINUTE)
}

/** Local midnight starting the instant's day, `days` calendar days later (negative goes back). */
export function localDayStart(calendar: BusinessCalendar, at: Date, days = 0): Date {
  return new Date(fromWall(calendar, wallDay(calendar, at) + days * DAY))
}

/** The weekday index (0 = Sunday) of an instant in the calendar's zone. */
export function localWeekday(calendar: BusinessCalendar, at: Date): number {
  return new Date(wallDay(calendar, at)).getUTCDay()
}

/** The instant of a local date (YYYY-MM-DD) at noon in the calendar's zone. */
export function localNoon(calendar: BusinessCalendar, isoDate: string): Date {
  return new Date(fromWall(calendar, Date.parse(`${isoDate}T12:00:00Z`)))
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * An instant as people read it in the calendar's zone, with the zone's offset so nobody
 * guesses: `Fri 20 Nov 11:00 UTC`, `Fri 20 Nov 06:00 GMT-5`.
 * @example formatLocal(createBusinessCalendar({ timeZone: 'America/New_York' }), new Date('2026-11-20T11:00:00Z')) // 'Fri 20 Nov 06:00 GMT-5'
 */
export function formatLocal(calendar: BusinessCalendar, at: Date): string {
  const offset = zoneOffset(calendar.timeZone, at.getTime())
  const w = new Date(at.getTime() + offset)
  const pad = (n: number) => String(n).padStart(2, '0')
  const abs = Math.abs(offset) / 60_000
  const zone = calendar.timeZone === 'UTC' ? 'UTC' : `GMT${offset < 0 ? '-' : '+'}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`
  return `${DAY_NAMES[w.getUTCDay()]} ${w.getUTCDate()} ${MONTH_NAMES[w.getUTCMonth()]} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())} ${zone}`
}
