import { describe, expect, it } from 'vitest'
import { type BlockingOptions, type BlockingRule, collectBlocks } from '../../../src/identity/matching/blocking.js'
import { DEFAULT_BLOCKING_RULES, LARGE_FILE_BLOCKING_RULES, type PersonRecord } from '../../../src/identity/matching/index.js'
import { IntTupleInterner } from '../../../src/identity/matching/int-tuple-interner.js'
import { normalizeRecords } from '../../../src/identity/matching/normalize-record.js'
import { generatePeople } from '../../../bench/generate-people.js'

// Copies of the built-in rules carry only their key functions, so they take the string path.
const asStrings = (rules: readonly BlockingRule[]): BlockingRule[] => rules.map((rule) => ({ ...rule }))

describe('built-in rules keyed by interned ids', () => {
  const { records } = generatePeople(8000, { seed: 5, duplicateRate: 0.4, maxEdits: 3 })
  // Odd shapes: swapped and missing names, names of one letter, dates without names, no fields.
  const odd: PersonRecord[] = [
    { id: 'o1', givenName: 'Lee', familyName: 'Ann', birthDate: '1980-01-01' },
    { id: 'o2', givenName: 'Ann', familyName: 'Lee', birthDate: '1980-01-01' },
    { id: 'o3', familyName: 'Lee', birthDate: '1980-01-01' },
    { id: 'o4', givenName: 'A', familyName: 'L', birthDate: '01/01/1980' },
    { id: 'o5', birthDate: '1980-01-01', email: 'x@y.z', phone: '123' },
    { id: 'o6' },
    { id: 'o7', name: 'Ann', email: 'ann.lee@example.org', phone: '+61 2 9876 5432', nationalId: '1 2 3' },
  ]
  const normalized = normalizeRecords([...records, ...odd].sort((a, b) => (a.id < b.id ? -1 : 1)))
  const cases: [string, BlockingOptions][] = [
    ['default rules', {}],
    ['default rules, split above 3, blocks above 40 skipped', { splitBlocksAbove: 3, maxBlockSize: 40 }],
    ['large-file rules, split above 2', { rules: LARGE_FILE_BLOCKING_RULES, splitBlocksAbove: 2, maxBlockSize: 25 }],
    ['a built-in rule beside a custom one', { rules: [DEFAULT_BLOCKING_RULES[7] as BlockingRule, { name: 'city', key: (r) => r.city || undefined }], maxBlockSize: 10 }],
  ]
  it.each(cases)('gives the same blocks, in the same order, as the key strings: %s', (_, options) => {
    const byIds = collectBlocks(normalized, options)
    const byStrings = collectBlocks(normalized, { ...options, rules: asStrings(options.rules ?? DEFAULT_BLOCKING_RULES) })
    expect(byIds.count).toBeGreaterThan(100)
    expect(byIds).toEqual(byStrings)
  })
  it('reports oversized blocks under their key strings, split parts included', () => {
    const blocks = collectBlocks(normalized, { splitBlocksAbove: 2, maxBlockSize: 3 })
    expect(blocks.oversizedBlocks.some((block) => block.key.includes('\u0000'))).toBe(true)
    expect(blocks.oversizedBlocks).toEqual(collectBlocks(normalized, { splitBlocksAbove: 2, maxBlockSize: 3, rules: asStrings(DEFAULT_BLOCKING_RULES) }).oversizedBlocks)
  })
})

describe('IntTupleInterner', () => {
  it('numbers triples in order of first appearance, across growth, reset and reserved ids', () => {
    const keys = new IntTupleInterner(4)
    const triples = Array.from({ length: 5000 }, (_, k) => [k % 97, (k * 7) % 13, k % 5 === 0 ? -1 : k % 11] as const)
    const expected = new Map<string, number>()
    for (const [a, b, c] of triples) {
      const id = keys.idOf(a, b, c)
      const text = `${a},${b},${c}`
      if (!expected.has(text)) expected.set(text, expected.size)
      expect(id).toBe(expected.get(text))
    }
    keys.reset()
    expect(keys.size).toBe(0)
    keys.reserve(3000)
    // Ids below 3000 are never handed out again, even after the table grows past the old triples.
    const after = Array.from({ length: 6000 }, (_, k) => keys.idOf(-2, k, 1))
    expect(after).toEqual(Array.from({ length: 6000 }, (_, k) => 3000 + k))
    expect(keys.idOf(-2, 17, 1)).toBe(3017)
    const [a, b, c] = triples[1] as readonly [number, number, number]
    expect(keys.idOf(a, b, c)).toBe(9000) // interned before the reset, so new now
    expect(() => keys.reserve(10)).toThrow(RangeError)
  })
})
