import { describe, expect, it } from 'vitest'
import { type BlockingRule, generateCandidatePairs, normalizeRecord, type PersonRecord } from '../../../src/identity/matching/index.js'

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
  it('splits a large block by the rule\'s finer keys, level by level, and leaves small blocks whole', () => {
    const rule: BlockingRule = {
      name: 'city',
      key: (r) => (r.city === '' ? undefined : r.city),
      split: [(r) => r.birthDate.slice(0, 4), (r) => r.birthDate.slice(5, 7)],
    }
    const person = (id: string, city: string, birthDate?: string): PersonRecord => ({ id, city, ...(birthDate ? { birthDate } : {}) })
    const records: PersonRecord[] = [
      // 'big': 6 records, above 4: split by year; the 1980 sub-block (5) is split again by month.
      person('b1', 'big', '19800101'),
      person('b2', 'big', '19800115'),
      person('b3', 'big', '19800101'),
      person('b4', 'big', '19800301'),
      person('b5', 'big', '19800302'),
      person('b6', 'big', '19900101'),
      // No birth date: no split value, so they stay in the block among themselves.
      person('b7', 'big'),
      person('b8', 'big'),
      // 'small': 3 records, at most 4: compared whole although their years differ.
      person('s1', 'small', '19700101'),
      person('s2', 'small', '19710101'),
      person('s3', 'small', '19720101'),
    ]
    const ids = records.map((r) => r.id)
    const pairs = generateCandidatePairs(records.map(normalizeRecord), { rules: [rule], splitBlocksAbove: 4 })
    const listed = Array.from({ length: pairs.count }, (_, k) => `${ids[pairs.left[k]!]}-${ids[pairs.right[k]!]}`)
    expect(listed.sort()).toEqual(['b1-b2', 'b1-b3', 'b2-b3', 'b4-b5', 'b7-b8', 's1-s2', 's1-s3', 's2-s3'])
    const whole = generateCandidatePairs(records.map(normalizeRecord), { rules: [rule], splitBlocksAbove: Number.POSITIVE_INFINITY })
    expect(whole.count).toBe(28 + 3)
  })
})
