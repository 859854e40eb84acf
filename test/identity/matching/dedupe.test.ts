import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_THRESHOLDS,
  dedupe,
  defaultModel,
  MatchModelSchema,
  type PersonRecord,
  scorePair,
  trainModel,
} from '../../../src/identity/matching/index.js'
import { generatePeople } from '../../../bench/generate-people.js'
import { pairwiseMetrics } from '../../../bench/pairwise-metrics.js'

describe('scorePair', () => {
  it('scores a typo in the email with the same name and birth date above the review threshold', () => {
    const a = { id: '1', givenName: 'Olivia', familyName: 'Hartmann', birthDate: '1984-03-12', email: 'olivia.hartmann@example.com' }
    const b = { id: '2', givenName: 'olivia', familyName: 'hartmann', birthDate: '19840312', email: 'olivia.hartman@example.com' }
    const result = scorePair(a, b, defaultModel())
    expect(result.score).toBeGreaterThan(DEFAULT_THRESHOLDS.merge)
    expect(result.evidence.find((e) => e.field === 'email')?.level).toBe('close')
  })
  it('keeps two different people who share a surname and city below the review threshold', () => {
    const a = { id: '1', givenName: 'Peter', familyName: 'Smith', city: 'Leeds', birthDate: '1950-01-02', email: 'pete@a.com' }
    const b = { id: '2', givenName: 'Alice', familyName: 'Smith', city: 'Leeds', birthDate: '1991-08-20', email: 'alice@b.com' }
    expect(scorePair(a, b, defaultModel()).score).toBeLessThan(DEFAULT_THRESHOLDS.review)
  })
  it('explains every field, with weight 0 for missing values, and is symmetric', () => {
    const a = { id: '1', givenName: 'Ann', familyName: 'Lee' }
    const b = { id: '2', givenName: 'Lee', familyName: 'Ann', phone: '0400 000 000' }
    const ab = scorePair(a, b, defaultModel())
    expect(ab.evidence).toHaveLength(12)
    expect(ab.evidence.find((e) => e.field === 'phone')).toMatchObject({ level: 'missing', weight: 0 })
    expect(ab.evidence.find((e) => e.field === 'givenName')?.level).toBe('exact')
    expect(scorePair(b, a, defaultModel()).score).toBe(ab.score)
  })
})

describe('trainModel', () => {
  const { records } = generatePeople(3000, { seed: 11 })
  const model = trainModel(records)
  it('converges and separates m from u on a synthetic set', () => {
    expect(model.training?.converged).toBe(true)
    for (const field of ['givenName', 'familyName', 'birthDate', 'nationalId'] as const) {
      const { m, u } = model.fields[field]
      expect(m[1]).toBeGreaterThan(0.6)
      expect(u[1]).toBeLessThan(0.2)
    }
    expect(model.prior).toBeGreaterThan(0)
    expect(model.prior).toBeLessThan(1)
  })
  it('returns plain JSON that round-trips through the schema', () => {
    const copy = MatchModelSchema.parse(JSON.parse(JSON.stringify(model)))
    expect(copy).toEqual(model)
  })
  it('is deterministic: the same records in another order give the same model', () => {
    expect(trainModel([...records].reverse())).toEqual(model)
  })
})

describe('dedupe', () => {
  it('finds the generated duplicates with high pairwise F1', () => {
    const { records, truth } = generatePeople(2000, { seed: 5 })
    const { assignments } = dedupe(records, { model: trainModel(records) })
    expect(pairwiseMetrics(assignments, truth).f1).toBeGreaterThan(0.97)
  })
  it('refuses to chain weak links into one cluster', () => {
    // b resembles a and c, but a and c are clearly different people.
    const a = { id: 'a', givenName: 'john', familyName: 'miller', birthDate: '19700101', city: 'york', postcode: '7531' }
    const b = { id: 'b', givenName: 'john', familyName: 'miller', birthDate: '19700101', city: 'york', postcode: '2000', email: 'jm@x.com' }
    const c = { id: 'c', givenName: 'john', familyName: 'millar', birthDate: '19850505', city: 'hull', postcode: '2000', email: 'jm@x.com' }
    const loose = { mergeThreshold: -50, reviewThreshold: -50 }
    const guarded = dedupe([a, b, c], { ...loose, separationThreshold: -4 })
    expect(guarded.stats.refusedMerges).toBeGreaterThan(0)
    expect(guarded.assignments.get('a')).not.toBe(guarded.assignments.get('c'))
    expect(guarded.pairs.some((p) => p.decision === 'review')).toBe(true)
  })
  it('names clusters by their smallest record id', () => {
    const records: PersonRecord[] = [
      { id: 'z', givenName: 'Ann', familyName: 'Lee', birthDate: '19800101', nationalId: '123456' },
      { id: 'm', givenName: 'Ann', familyName: 'Lee', birthDate: '19800101', nationalId: '123456' },
    ]
    expect(dedupe(records).assignments).toEqual(new Map([['m', 'm'], ['z', 'm']]))
  })
  it('rejects repeated record ids', () => {
    expect(() => dedupe([{ id: 'x' }, { id: 'x' }])).toThrow(/more than once/)
  })
  it('gives the same assignments and pairs whatever the input order', () => {
    const { records } = generatePeople(300, { seed: 9, duplicateRate: 0.4 })
    const model = trainModel(records)
    const expected = dedupe(records, { model })
    fc.assert(
      fc.property(fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }), (shuffled) => {
        const result = dedupe(shuffled, { model })
        expect(result.assignments).toEqual(expected.assignments)
        expect(result.pairs).toEqual(expected.pairs)
      }),
      { numRuns: 15, seed: 4 },
    )
  })
})

describe('trainModel with u from random pairs', () => {
  it('measures u on seeded random pairs and keeps it fixed while EM fits m', () => {
    const { records } = generatePeople(1500, { seed: 21 })
    const model = trainModel(records, { uSource: 'random', randomPairs: 20_000, seed: 3 })
    expect(model.training?.uSource).toBe('random')
    expect(model.fields.nationalId.u[1]).toBeLessThan(0.01)
    expect(model.fields.nationalId.m[1]).toBeGreaterThan(0.6)
    expect(trainModel(records, { uSource: 'random', randomPairs: 20_000, seed: 3 })).toEqual(model)
  })
})

describe('term-frequency adjustment', () => {
  it('discounts an exact match on a common family name but not on a rare one', () => {
    const { records } = generatePeople(600, { seed: 13 })
    const common = records.map((r, i) => (i % 12 === 0 ? { ...r, familyName: 'smith' } : r))
    const model = trainModel(common)
    const smith = scorePair({ id: 'a', familyName: 'Smith' }, { id: 'b', familyName: 'Smith' }, model)
    const rare = scorePair({ id: 'a', familyName: 'Zabrowski' }, { id: 'b', familyName: 'Zabrowski' }, model)
    expect(smith.evidence[1]?.termFrequencyAdjustment).toBeLessThan(0)
    expect(rare.evidence[1]?.termFrequencyAdjustment).toBeUndefined()
    expect(smith.score).toBeLessThan(rare.score)
  })
})

describe('dedupe statistics', () => {
  it('reports blocks that were too large to compare', () => {
    const records = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, givenName: `n${i}`, phone: '0400 123 456' }))
    const { stats } = dedupe(records, { maxBlockSize: 5 })
    expect(stats.oversizedBlocks.map((b) => b.rule)).toContain('phone-last-7')
    expect(stats.records).toBe(12)
  })
})
