import { CLOSE, DIFFERENT, EXACT, MISSING, PARTIAL } from './comparison-level.js'
import { damerauLevenshtein } from './damerau-levenshtein.js'

/**
 * Compares two canonical dates (`YYYY-MM-DD`, as kept by `normalizeRecord`).
 * - `exact`: same date.
 * - `close`: day and month swapped (a US/EU reading mix-up), or one digit changed or two
 *   adjacent digits transposed (a keying error).
 * - `partial`: within 366 days of each other (a misremembered or shifted date).
 * - `different` otherwise; `missing` when either side is empty.
 * @returns a level code from {@link COMPARISON_LEVELS}
 * @example compareDates('1981-05-23', '1981-05-28') // CLOSE
 */
export function compareDates(a: string, b: string): number {
  if (a === '' || b === '') return MISSING
  if (a === b) return EXACT
  const ya = a.slice(0, 4)
  const ma = a.slice(5, 7)
  const da = a.slice(8, 10)
  const yb = b.slice(0, 4)
  const mb = b.slice(5, 7)
  const db = b.slice(8, 10)
  if (ya === yb && ma === db && da === mb) return CLOSE
  if (damerauLevenshtein(ya + ma + da, yb + mb + db, 1) <= 1) return CLOSE
  // Years two or more apart cannot be within 366 days; skip the calendar arithmetic.
  if (Math.abs(Number(ya) - Number(yb)) >= 2) return DIFFERENT
  const days = Math.abs(dayNumber(ya, ma, da) - dayNumber(yb, mb, db))
  return days <= 366 ? PARTIAL : DIFFERENT
}

// Date.UTC only does arithmetic here; it never reads the clock.
function dayNumber(y: string, m: string, d: string): number {
  return Date.UTC(Number(y), Number(m) - 1, Number(d)) / 86_400_000
}

/**
 * Distinct canonical dates taken apart once, so {@link compareDateIds} compares two of them
 * without slicing or parsing: the bulk paths compare millions of pairs of the same few
 * thousand dates.
 */
export interface DateTable {
  readonly year: readonly string[]
  readonly month: readonly string[]
  readonly day: readonly string[]
  /** The digits, `YYYYMMDD`. */
  readonly digits: readonly string[]
  readonly yearNumber: Float64Array
  readonly dayNumber: Float64Array
}

/**
 * Takes apart every date of `values` (canonical `YYYY-MM-DD`, '' for unknown), by index.
 * @example compareDateIds(dateTable(['', '1981-05-23', '1981-23-05']), 1, 2) // CLOSE
 */
export function dateTable(values: readonly string[]): DateTable {
  const year = values.map((v) => v.slice(0, 4))
  const month = values.map((v) => v.slice(5, 7))
  const day = values.map((v) => v.slice(8, 10))
  return {
    year,
    month,
    day,
    digits: values.map((_, k) => (year[k] as string) + (month[k] as string) + (day[k] as string)),
    yearNumber: Float64Array.from(year, Number),
    dayNumber: Float64Array.from(values, (_, k) => dayNumber(year[k] as string, month[k] as string, day[k] as string)),
  }
}

/**
 * {@link compareDates} of the dates at indices `x` and `y` of a {@link dateTable}, step for
 * step; index 0 or an empty value is unknown.
 */
export function compareDateIds(table: DateTable, values: readonly string[], x: number, y: number): number {
  if (values[x] === '' || values[y] === '') return MISSING
  if (x === y || values[x] === values[y]) return EXACT
  const ya = table.year[x] as string
  const yb = table.year[y] as string
  if (ya === yb && table.month[x] === table.day[y] && table.day[x] === table.month[y]) return CLOSE
  if (damerauLevenshtein(table.digits[x] as string, table.digits[y] as string, 1) <= 1) return CLOSE
  if (Math.abs((table.yearNumber[x] as number) - (table.yearNumber[y] as number)) >= 2) return DIFFERENT
  const days = Math.abs((table.dayNumber[x] as number) - (table.dayNumber[y] as number))
  return days <= 366 ? PARTIAL : DIFFERENT
}
