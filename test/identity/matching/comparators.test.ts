import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compareDates,
  damerauLevenshtein,
  jaroWinkler,
  normalizeRecord,
  numericCloseness,
  parseBirthDate,
  phoneticCode,
  soundsAlike,
  tokenSetSimilarity,
} from '../../../src/identity/matching/index.js'
import { CLOSE, DIFFERENT, EXACT, MISSING, PARTIAL } from '../../../src/identity/matching/comparison-level.js'

describe('jaroWinkler', () => {
  it('gives the published values for the classic name pairs', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4)
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 4)
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4)
  })
  it('is symmetric and 1 only for equal strings', () => {
    expect(jaroWinkler('dicksonx', 'dixon')).toBe(jaroWinkler('dixon', 'dicksonx'))
    expect(jaroWinkler('same', 'same')).toBe(1)
    expect(jaroWinkler('', 'abc')).toBe(0)
  })
  it('returns 0 early only for pairs that cannot reach the minimum', () => {
    expect(jaroWinkler('abcdef', 'uvwxyz', 0.85)).toBe(0)
    expect(jaroWinkler('martha', 'marhta', 0.85)).toBeCloseTo(0.9611, 4)
  })
})

describe('damerauLevenshtein', () => {
  it('counts an adjacent transposition as one edit', () => {
    expect(damerauLevenshtein('19810523', '19810253')).toBe(1)
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3)
  })
  it('uses optimal string alignment, not the unrestricted distance', () => {
    expect(damerauLevenshtein('ca', 'abc')).toBe(3)
  })
  it('stops early and reports max + 1 beyond the maximum', () => {
    expect(damerauLevenshtein('abcdef', 'uvwxyz', 1)).toBe(2)
    expect(damerauLevenshtein('short', 'much longer text', 2)).toBe(3)
  })
  it('answers "within one edit?" exactly as the full distance does', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '1'), maxLength: 7 })
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(damerauLevenshtein(a, b, 1)).toBe(Math.min(damerauLevenshtein(a, b), 2))
      }),
      { numRuns: 20_000, seed: 9 },
    )
    expect(damerauLevenshtein('abcd', 'abdc', 1)).toBe(1)
    expect(damerauLevenshtein('abcd', 'acd', 1)).toBe(1)
    expect(damerauLevenshtein('abcd', 'bacd', 1)).toBe(1)
    expect(damerauLevenshtein('abcd', 'badc', 1)).toBe(2)
  })
})

describe('phoneticCode', () => {
  it('gives the Double Metaphone codes of known names', () => {
    expect(phoneticCode('smith')).toEqual(['SM0', 'XMT'])
    expect(phoneticCode('schmidt')).toEqual(['XMT', 'SMT'])
    expect(phoneticCode('knight')).toEqual(['NT', 'NT'])
    expect(phoneticCode('jose')[0]).toBe('HS')
  })
  it('lets spellings of one name meet', () => {
    expect(soundsAlike('smith', 'schmidt')).toBe(true)
    expect(soundsAlike('catherine', 'kathryn')).toBe(true)
    expect(soundsAlike('smith', 'jones')).toBe(false)
  })
})

describe('compareDates', () => {
  it('grades swapped day and month and one-digit slips as close', () => {
    expect(compareDates('1981-05-07', '1981-07-05')).toBe(CLOSE)
    expect(compareDates('1981-05-23', '1981-05-28')).toBe(CLOSE)
    expect(compareDates('1981-05-23', '1918-05-23')).toBe(CLOSE)
  })
  it('grades dates within a year as partial and others as different', () => {
    expect(compareDates('1981-05-23', '1981-11-02')).toBe(PARTIAL)
    expect(compareDates('1981-05-23', '1960-01-30')).toBe(DIFFERENT)
    expect(compareDates('1981-05-23', '1981-05-23')).toBe(EXACT)
    expect(compareDates('', '1981-05-23')).toBe(MISSING)
  })
})

describe('parseBirthDate', () => {
  it('reads the three accepted layouts into one canonical form', () => {
    expect(parseBirthDate('19810523')).toBe('1981-05-23')
    expect(parseBirthDate('1981-5-23')).toBe('1981-05-23')
    expect(parseBirthDate('23/05/1981')).toBe('1981-05-23')
    expect(parseBirthDate('1981-13-01')).toBeUndefined()
    expect(parseBirthDate('soon')).toBeUndefined()
  })
})

describe('numericCloseness', () => {
  it('accepts numbers within the tolerance and nothing non-numeric', () => {
    expect(numericCloseness('44', '46', 2)).toBe(true)
    expect(numericCloseness('44', '47', 2)).toBe(false)
    expect(numericCloseness('12a', '12', 2)).toBe(false)
  })
})

describe('tokenSetSimilarity', () => {
  it('ignores token order and tolerates typos', () => {
    expect(tokenSetSimilarity(['smith', 'john'], ['jon', 'smith'])).toBe(1)
    expect(tokenSetSimilarity(['anna', 'maria', 'lee'], ['lee', 'anna'])).toBe(1)
    expect(tokenSetSimilarity(['anna', 'lee'], ['bob', 'stone'])).toBe(0)
  })
})

describe('normalizeRecord', () => {
  it('case-folds, strips punctuation and splits full names and house numbers', () => {
    const record = normalizeRecord({
      id: '1',
      name: "  Mary  O'Brien ",
      street: '221 E. 51st St.',
      email: ' Mary@Example.COM ',
      phone: '+61 (2) 9876-5432',
      birthDate: '23/05/1981',
    })
    expect(record.givenName).toBe('mary')
    expect(record.familyName).toBe('obrien')
    expect(record.streetNumber).toBe('221')
    expect(record.street).toBe('e 51st st')
    expect(record.email).toBe('mary@example.com')
    expect(record.emailLocal).toBe('mary')
    expect(record.phone).toBe('1298765432')
    expect(record.birthDate).toBe('1981-05-23')
  })
})
