import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalIsoText, isoFromMillis } from '../../src/events/iso-time.js'

const YEAR_0 = new Date('0000-01-01T00:00:00.000Z').getTime()
const YEAR_10000 = new Date('+010000-01-01T00:00:00.000Z').getTime()

/** What `Date` says, for the range the fast forms answer. */
function viaDate(ms: number): string {
  return new Date(ms).toISOString()
}

describe('isoFromMillis', () => {
  it('writes what toISOString writes for every whole millisecond in years 0000 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: YEAR_0, max: YEAR_10000 - 1 }), (ms) => {
        expect(isoFromMillis(ms)).toBe(viaDate(ms))
      }),
      { numRuns: 20_000 },
    )
  })

  it('agrees with toISOString at the edges of days, months, leap years and the range', () => {
    const edges = [YEAR_0, YEAR_10000 - 1, 0, -1, 1, Date.UTC(2000, 1, 29), Date.UTC(1900, 1, 28, 23, 59, 59, 999), Date.UTC(2100, 2, 1), Date.UTC(1600, 1, 29, 12)]
    for (const edge of edges) for (const ms of [edge - 1, edge, edge + 1]) if (ms >= YEAR_0 && ms < YEAR_10000) expect(isoFromMillis(ms)).toBe(viaDate(ms))
  })

  it('leaves fractional, non-finite and out-of-range values to Date', () => {
    for (const value of [0.5, -0.25, Number.NaN, Number.POSITIVE_INFINITY, YEAR_0 - 1, YEAR_10000, 8.64e15]) expect(isoFromMillis(value)).toBeUndefined()
  })
})

/** A 24-character text shaped like `YYYY-MM-DDTHH:mm:ss.sssZ`, digits drawn at random. */
const isoShaped = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 999 }))
  .map(([y, mo, d, h, mi, s, ms]) => `${String(y).padStart(4, '0')}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}.${String(ms).padStart(3, '0')}Z`)

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

describe('canonicalIsoText', () => {
  it('accepts every text toISOString writes in years 0000 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: YEAR_0, max: YEAR_10000 - 1 }), (ms) => {
        const text = viaDate(ms)
        expect(canonicalIsoText(text)).toBe(text)
      }),
      { numRuns: 20_000 },
    )
  })

  it('accepts a text only when Date reads it back to the same text', () => {
    fc.assert(
      fc.property(isoShaped, (text) => {
        const accepted = canonicalIsoText(text)
        const time = new Date(text).getTime()
        const roundTrip = Number.isNaN(time) ? undefined : new Date(time).toISOString()
        if (accepted !== undefined) expect(roundTrip).toBe(text)
        // And it declines nothing Date would hand back unchanged, so the fast path is the common path.
        else expect(roundTrip).not.toBe(text)
      }),
      { numRuns: 20_000 },
    )
  })

  it('declines other forms of time, which Date then reads', () => {
    for (const text of ['2026-01-28T15:09:02Z', '2026-01-28T15:09:02.069+00:00', '2026-01-28T24:00:00.000Z', '2026-02-29T00:00:00.000Z', '2026-01-28 15:09:02.069Z', '2026-01-28T15:09:02.069z', '+002026-01-28T15:09:02.069Z', '２026-01-28T15:09:02.069Z']) {
      expect(canonicalIsoText(text)).toBeUndefined()
    }
  })
})
