import { describe, expect, it } from 'vitest'
import { ThroughlineError } from '../../../src/errors.js'
import { dedupe, defaultModel, LARGE_FILE_BLOCKING_RULES, type PersonRecord, prepareRecords, trainModel } from '../../../src/identity/matching/index.js'
import { generatePeople } from '../../../bench/generate-people.js'

const thrown = (work: () => unknown): ThroughlineError => {
  try {
    work()
  } catch (error) {
    if (ThroughlineError.is(error)) return error
    throw error
  }
  throw new Error('expected a ThroughlineError')
}

describe('prepareRecords', () => {
  const { records } = generatePeople(4000, { seed: 17, duplicateRate: 0.35, maxEdits: 3 })
  const shuffled = [...records].reverse()

  it('gives trainModel and dedupe exactly the results they give on the records themselves', () => {
    const prepared = prepareRecords(shuffled)
    expect(prepared.size).toBe(records.length)
    const model = trainModel(prepared)
    expect(model).toEqual(trainModel(records))
    const result = dedupe(prepared, { model })
    expect(result.stats.merges).toBeGreaterThan(100)
    expect(result).toEqual(dedupe(records, { model }))
    // Reusable: another model and thresholds on the same prepared set.
    const loose = { model: defaultModel(), mergeThreshold: 2, reviewThreshold: -2 }
    expect(dedupe(prepared, loose)).toEqual(dedupe(records, loose))
  })
  it('keeps the blocking options it was given', () => {
    const blocking = { rules: LARGE_FILE_BLOCKING_RULES, splitBlocksAbove: 8, maxBlockSize: 5 }
    const prepared = prepareRecords(records, blocking)
    const model = trainModel(prepared, { uSource: 'random', randomPairs: 5000, seed: 3 })
    expect(model).toEqual(trainModel(records, { ...blocking, uSource: 'random', randomPairs: 5000, seed: 3 }))
    const result = dedupe(prepared, { model })
    expect(result.stats.oversizedBlocks.length).toBeGreaterThan(0)
    expect(result).toEqual(dedupe(records, { ...blocking, model }))
  })
  it('refuses blocking options on calls with prepared records, naming them', () => {
    const prepared = prepareRecords(records.slice(0, 50))
    const error = thrown(() => dedupe(prepared, { maxBlockSize: 10 }))
    expect(error.code).toBe('invalid_options')
    expect(error.issues[0]?.path).toEqual(['options', 'maxBlockSize'])
    expect(thrown(() => trainModel(prepared, { rules: LARGE_FILE_BLOCKING_RULES })).issues[0]?.path).toEqual(['options', 'rules'])
  })
  it('validates records and options with typed errors naming path and reason', () => {
    const tooLong = thrown(() => prepareRecords([{ id: 'a' }, { id: 'b', email: 'x'.repeat(600) }]))
    expect(tooLong.code).toBe('invalid_options')
    expect(tooLong.issues[0]?.path).toEqual(['records', 1, 'email'])
    const noId = thrown(() => prepareRecords([{ id: '' } as PersonRecord]))
    expect(noId.issues[0]?.path).toEqual(['records', 0, 'id'])
    const duplicate = thrown(() => prepareRecords([{ id: 'a' }, { id: 'a' }]))
    expect(duplicate.issues[0]?.path).toEqual(['records', 'id'])
    expect(thrown(() => prepareRecords([], { maxBlockSize: 1 })).issues[0]?.path).toEqual(['options', 'maxBlockSize'])
    const badRule = thrown(() => prepareRecords([], { rules: [{ name: 'city', key: 'city' as never }] }))
    expect(badRule.issues[0]?.path).toEqual(['options', 'rules', 0, 'key'])
    expect(thrown(() => prepareRecords('records' as never)).issues[0]?.path).toEqual(['records'])
  })
  it('needs two records to train on, as trainModel on records does', () => {
    expect(thrown(() => trainModel(prepareRecords([{ id: 'a' }]))).code).toBe('invalid_options')
  })
})
