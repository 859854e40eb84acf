import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { IDENTIFIER_KINDS } from '../../src/events/index.js'
import { LookupSchema, plainLookup } from '../../src/engine/lookup.js'

const field = fc.constantFrom('profileId', 'eventId', ...IDENTIFIER_KINDS, 'emails', 'toString', '__proto__', 'constructor', '')
const text = fc.oneof(fc.constantFrom('', ' ', 'ann@example.com', 'prf_1'), fc.string({ maxLength: 4 }))
const value = fc.oneof(text, fc.integer(), fc.constant(undefined), fc.constant(null), fc.array(text, { maxLength: 1 }))
const lookups = fc.oneof(
  value,
  fc.dictionary(field, value, { maxKeys: 3 }),
  fc.dictionary(field, value, { maxKeys: 2 }).map((d) => Object.assign(Object.create(null) as object, d)),
  fc.tuple(field, text).map(([k, v]) => Object.defineProperty({}, k, { value: v, enumerable: false })),
  fc.tuple(field, text).map(([k, v]) => Object.assign(new (class Lookup {})(), { [k]: v })),
  fc.tuple(field, text).map(([k, v]) => ({ [k]: v, [Symbol('extra')]: 1 })),
)

describe('plainLookup', () => {
  it('answers exactly as LookupSchema does wherever it answers, and answers the common shapes', () => {
    let answered = 0
    fc.assert(
      fc.property(lookups, (lookup) => {
        const fast = plainLookup(lookup)
        if (fast === undefined) return
        answered++
        const parsed = LookupSchema.safeParse(lookup)
        expect(parsed.success).toBe(true)
        expect(fast).toEqual(parsed.data)
      }),
      { numRuns: 3000 },
    )
    expect(answered).toBeGreaterThan(100)
    expect(plainLookup({ email: 'ann@example.com' })).toEqual({ email: 'ann@example.com' })
    expect(plainLookup('prf_1')).toBe('prf_1')
    expect(plainLookup({ email: 'a', phone: 'b' })).toBeUndefined()
    expect(plainLookup({ email: '' })).toBeUndefined()
  })
})
