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
