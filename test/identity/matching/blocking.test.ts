import { describe, expect, it } from 'vitest'
import { generateCandidatePairs, normalizeRecord, type PersonRecord } from '../../../src/identity/matching/index.js'

describe('generateCandidatePairs', () => {
  it('pairs records that share any blocking key, each pair once', () => {
    const records: PersonRecord[] = [
      { id: 'a', givenName: 'ann', familyName: 'lee', birthDate: '19800101', email: 'ann@x.org' },
      { id: 'b', givenName: 'anne', familyName: 'lee', birthDate: '19800101', email: 'ann@y.org' },
      { id: 'c', givenName: 'bob', familyName: 'stone', birthDate: '19500505' },
    ]
    const pairs = generateCandidatePairs(records.map(normalizeRecord))
    expect(pairs.count).toBe(1)
    expect([pairs.left[0], pairs.right[0]]).toEqual([0, 1])
  })
  it('skips blocks above the cap and reports them instead of dropping them silently', () => {
    const records = Array.from({ length: 30 }, (_, i) => normalizeRecord({ id: `r${i}`, postcode: '2000', givenName: `x${'abcdefghijklmnopqrstuvwxyz'[i % 26]}${i}` }))
    const shared = records.map((r) => ({ ...r, nationalId: '123' }))
    const pairs = generateCandidatePairs(shared, { maxBlockSize: 10 })
    expect(pairs.oversizedBlocks).toContainEqual({ rule: 'national-id', key: '123', size: 30 })
    expect(pairs.count).toBe(0)
  })
})
