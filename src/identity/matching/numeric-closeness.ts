/**
 * Whether two numeric strings (street numbers, postcodes) are within `tolerance` of each
 * other as integers. Non-numeric text is never close, so "12a" falls back to string rules.
 * @param tolerance largest accepted absolute difference
 * @example numericCloseness('44', '46', 2) // true
 */
export function numericCloseness(a: string, b: string, tolerance: number): boolean {
  if (!/^\d{1,15}$/u.test(a) || !/^\d{1,15}$/u.test(b)) return false
  return Math.abs(Number(a) - Number(b)) <= tolerance
}
