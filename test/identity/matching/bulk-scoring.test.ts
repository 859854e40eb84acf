import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { generatePeople } from '../../../bench/generate-people.js'
import { forEachBlockPair } from '../../../src/identity/matching/block-pairs.js'
import { collectBlocks, DEFAULT_BLOCKING_RULES, forEachCandidate } from '../../../src/identity/matching/blocking.js'
import { compareRecords, FIELD_COUNT } from '../../../src/identity/matching/compare-records.js'
import { compileModel, defaultModel, generateCandidatePairs, normalizeRecord, trainModel } from '../../../src/identity/matching/index.js'
import { normalizeRecords, normalizeText } from '../../../src/identity/matching/normalize-record.js'
import { createPairScorer } from '../../../src/identity/matching/pair-scorer.js'
import { scoreLevels } from '../../../src/identity/matching/score-pair.js'
import { GOLDEN_FILE, goldenCases } from './golden-output.js'

describe('dedupe and trainModel against the recorded output of the pair-at-a-time implementation', () => {
  it('gives the same models, assignments, pairs (scores to the bit) and statistics', () => {
    const expected = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, unknown>
    const actual = goldenCases()
    for (const name of Object.keys(actual)) expect({ name, ...(actual[name] as object) }).toEqual({ name, ...(expected[name] as object) })
    expect(Object.keys(actual).length).toBeGreaterThanOrEqual(4)
  }, 120_000)
})

describe('createPairScorer', () => {
  const { records } = generatePeople(1500, { seed: 31, duplicateRate: 0.4, maxEdits: 4 })
  const sparse = records.map((r, i) => (i % 5 === 0 ? { ...r, email: undefined, city: undefined } : r))
  const normalized = normalizeRecords([...sparse].sort((a, b) => (a.id < b.id ? -1 : 1)))
  const compiled = compileModel(trainModel(sparse))
  const scorer = createPairScorer(normalized, compiled)
  const index = fc.integer({ min: 0, max: normalized.length - 1 })

  it('compares and scores any pair exactly as compareRecords and scoreLevels do', () => {
    const levels = new Uint8Array(FIELD_COUNT)
    const bulk = new Uint8Array(FIELD_COUNT)
    fc.assert(
      fc.property(index, index, (i, j) => {
        const packed = compareRecords(normalized[i]!, normalized[j]!, levels)
        expect(scorer.compare(i, j, bulk)).toBe(packed)
        expect(scorer.score(i, j)).toBe(scoreLevels(levels, normalized[i]!, compiled))
      }),
      { numRuns: 3000, seed: 2 },
    )
  })
  it('returns the exact score at or above the floor and -Infinity only below it, on every candidate pair', () => {
    let checked = 0
    let cut = 0
    forEachCandidate(collectBlocks(normalized), (i, candidates, count) => {
      for (let k = 0; k < count; k++) {
        const j = candidates[k]!
        const exact = scorer.score(i, j)
        for (const floor of [-4, 0, 5]) {
          const bounded = scorer.scoreAtLeast(i, j, floor)
          if (exact >= floor) expect(bounded).toBe(exact)
          else if (bounded === Number.NEGATIVE_INFINITY) cut++
          else expect(bounded).toBe(exact)
          checked++
        }
      }
    })
    expect(checked).toBeGreaterThan(1000)
    expect(cut).toBeGreaterThan(0)
  })
})

describe('bulk normalization and blocking', () => {
  it('normalizeRecords equals normalizeRecord record by record', () => {
    const { records } = generatePeople(400, { seed: 8 })
    const odd = [...records, { id: 'x1', name: "  O'Brien-SMITH,  Jr. ", street: '12  Rue  Émile', city: 'ÅRHUS' }, { id: 'x2', givenName: 'Zoë', familyName: 'de la Cruz' }]
    expect(normalizeRecords(odd)).toEqual(odd.map(normalizeRecord))
  })
  it('normalizeText takes its shortcut only where the full rules give the same text', () => {
    const full = (raw: string): string =>
      raw.normalize('NFC').toLowerCase().replace(/['\u2019`]/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', '-', "'", 'é', '\u0301', 'İ') }), (raw) => {
        expect(normalizeText(raw)).toBe(full(raw))
      }),
      { numRuns: 2000, seed: 6 },
    )
  })
  it('streams the same candidate pairs that generateCandidatePairs lists', () => {
    const { records } = generatePeople(2000, { seed: 4 })
    const normalized = normalizeRecords(records)
    const listed = generateCandidatePairs(normalized, { maxBlockSize: 30 })
    const streamed: number[] = []
    forEachCandidate(collectBlocks(normalized, { maxBlockSize: 30 }), (i, candidates, count) => {
      for (let k = 0; k < count; k++) streamed.push(i * records.length + candidates[k]!)
    })
    const expected = Array.from({ length: listed.count }, (_, k) => listed.left[k]! * records.length + listed.right[k]!)
    expect(streamed.sort((x, y) => x - y)).toEqual(expected)
    expect(listed.count).toBeGreaterThan(100)
  })
  it('walks block by block over exactly the listed pairs, each once, whatever the rule order', () => {
    const { records } = generatePeople(2000, { seed: 4 })
    const normalized = normalizeRecords(records)
    for (const rules of [DEFAULT_BLOCKING_RULES, [...DEFAULT_BLOCKING_RULES].reverse()]) {
      const listed = generateCandidatePairs(normalized, { maxBlockSize: 30, rules })
      const walked: number[] = []
      let lastBlocksDone = 0
      const visited = forEachBlockPair(collectBlocks(normalized, { maxBlockSize: 30, rules }), (left, right, count, blocksDone) => {
        expect(blocksDone).toBeGreaterThanOrEqual(lastBlocksDone)
        lastBlocksDone = blocksDone
        for (let k = 0; k < count; k++) {
          expect(left[k]!).toBeLessThan(right[k]!)
          walked.push(left[k]! * records.length + right[k]!)
        }
      })
      const expected = Array.from({ length: listed.count }, (_, k) => listed.left[k]! * records.length + listed.right[k]!)
      expect(visited).toBe(listed.count)
      expect(walked.sort((x, y) => x - y)).toEqual(expected)
    }
  })
})

describe('trainModel on a sample of candidate pairs', () => {
  it('samples deterministically, records the sample size, and stays close to the model trained on every pair', () => {
    const { records } = generatePeople(4000, { seed: 17 })
    const full = trainModel(records)
    const sampled = trainModel(records, { maxTrainingPairs: 5_000 })
    expect(sampled.training?.sampledPairs).toBe(5_000)
    expect(sampled.training?.candidatePairs).toBe(full.training?.candidatePairs)
    expect(full.training?.sampledPairs).toBeUndefined()
    expect(trainModel([...records].reverse(), { maxTrainingPairs: 5_000 })).toEqual(sampled)
    expect(Math.abs(sampled.prior - full.prior)).toBeLessThan(0.03)
    expect(Math.abs(sampled.fields.birthDate.m[1]! - full.fields.birthDate.m[1]!)).toBeLessThan(0.05)
    expect(sampled).not.toEqual(defaultModel())
  })
})
