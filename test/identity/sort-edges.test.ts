import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Edge } from '../../src/identity/merge-constraints.js'
import { compareEdges, sortEdges } from '../../src/identity/resolve-region.js'

// Edges over a region of `events` events, with many (rank, hi, lo) ties so runs of equal order
// exercise the key-text tie-break and the input-order (stability) rule.
const region = fc.integer({ min: 2, max: 12 }).chain((events) =>
  fc.tuple(
    fc.constant(events),
    fc.array(
      fc
        .record({
          rank: fc.integer({ min: 0, max: 7 }),
          x: fc.integer({ min: 0, max: events - 1 }),
          y: fc.integer({ min: 0, max: events - 1 }),
          key: fc.option(fc.constantFrom('email:a@x.io', 'email:b@x.io', 'phone:+1415', 'about:evt_1', ''), { nil: undefined }),
          linkId: fc.option(fc.constantFrom('lnk_1', 'lnk_2'), { nil: undefined }),
          tag: fc.nat(),
        })
        .filter((e) => e.x !== e.y)
        .map(({ rank, x, y, key, linkId, tag }): Edge & { tag: number } => {
          const [lo, hi] = x < y ? [x, y] : [y, x]
          return { via: 'identifier', a: `evt_${lo}`, b: `evt_${hi}`, lo, hi, rank, tag, ...(key === undefined ? {} : { key }), ...(linkId === undefined ? {} : { linkId }) }
        }),
      { maxLength: 60 },
    ),
  ),
)

describe('sortEdges', () => {
  it('gives exactly the order of a stable sort by compareEdges', () => {
    fc.assert(
      fc.property(region, ([events, edges]) => {
        const expected = [...edges].sort(compareEdges)
        const actual = [...edges]
        sortEdges(actual, events)
        expect(actual).toEqual(expected)
        // Same objects in the same places (toEqual alone would accept equal-looking duplicates).
        expect(actual.every((edge, i) => edge === expected[i])).toBe(true)
      }),
      { numRuns: 500 },
    )
  })
})
