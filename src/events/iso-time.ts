/**
 * Fast forms of the two conversions every event's `occurredAt` goes through. `Date` parsing and
 * `toISOString` cost more than the rest of an event's validation together; these answer the common
 * cases (years 0000 to 9999, whole milliseconds) with plain arithmetic and give `undefined` for
 * anything else, which callers hand to `Date` as before. Tests hold them equal to `Date`.
 */

const MS_PER_DAY = 86_400_000
/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the years `toISOString` writes with four digits. */
const FIRST_MS = -62_167_219_200_000
const LAST_MS = 253_402_300_799_999
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'))
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'))

/**
 * `new Date(ms).toISOString()` without a `Date`, for whole milliseconds in years 0000 to 9999.
 * @returns the UTC ISO text, or `undefined` outside that range or for a fractional or non-finite value
 * @example isoFromMillis(0) // '1970-01-01T00:00:00.000Z'
 */
export function isoFromMillis(ms: number): string | undefined {
  if (!Number.isInteger(ms) || ms < FIRST_MS || ms > LAST_MS) return undefined
  const days = Math.floor(ms / MS_PER_DAY)
  let rest = ms - days * MS_PER_DAY
  const hours = Math.floor(rest / 3_600_000)
  rest -= hours * 3_600_000
  const minutes = Math.floor(rest / 60_000)
  rest -= minutes * 60_000
  const seconds = Math.floor(rest / 1000)
  const millis = rest - seconds * 1000
  // Civil date from days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365)
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return `${TWO_DIGITS[Math.floor(year / 100)]}${TWO_DIGITS[year % 100]}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[millis]}Z`
}

/**
 * The text itself when it is already what `new Date(text).toISOString()` would write
 * (`YYYY-MM-DDTHH:mm:ss.sssZ`, a real calendar date, hours 00 to 23), else `undefined`.
 * @example canonicalIsoText('2026-01-28T15:09:02.069Z') // '2026-01-28T15:09:02.069Z'
 */
export function canonicalIsoText(text: string): string | undefined {
  if (text.length !== 24 || text.charCodeAt(23) !== Z) return undefined
  for (let index = 0; index < 23; index++) {
    const code = text.charCodeAt(index)
    const separator = SEPARATORS[index]
    if (separator === undefined ? code < ZERO || code > NINE : code !== separator) return undefined
  }
  const year = digits(text, 0, 4)
  const month = digits(text, 5, 2)
  const day = digits(text, 8, 2)
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && digits(text, 11, 2) <= 23 && digits(text, 14, 2) <= 59 && digits(text, 17, 2) <= 59
  return valid ? text : undefined
}

const ZERO = 48
const NINE = 57
const Z = 90
/** Expected character codes by position; positions not listed hold a digit. */
const SEPARATORS: readonly (number | undefined)[] = Object.assign(new Array<number | undefined>(23).fill(undefined), {
  4: 45, // -
  7: 45, // -
  10: 84, // T
  13: 58, // :
  16: 58, // :
  19: 46, // .
})

function digits(text: string, start: number, length: number): number {
  let value = 0
  for (let index = start; index < start + length; index++) value = value * 10 + text.charCodeAt(index) - ZERO
  return value
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}
