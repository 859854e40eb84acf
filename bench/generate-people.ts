import type { PersonRecord } from '../src/identity/matching/index.js'
import { seededRandom } from '../src/identity/matching/index.js'

/** Generated records and, for each record id, the id of the person it describes. */
export interface GeneratedPeople {
  readonly records: PersonRecord[]
  readonly truth: Map<string, string>
}

export interface GeneratePeopleOptions {
  readonly seed?: number
  /** Share of records that are corrupted copies of another person's record. Default 0.3. */
  readonly duplicateRate?: number
  /** Most edits applied to one duplicate (each a typo, a dropped value or a swap). Default 3. */
  readonly maxEdits?: number
}

const SYLLABLES = ['an', 'bel', 'car', 'dor', 'el', 'fin', 'gar', 'hal', 'is', 'jo', 'kel', 'lin', 'mar', 'nor', 'ol', 'per', 'quin', 'ros', 'sol', 'tam', 'ul', 'ver', 'wil', 'yor', 'zan']
const STREET_TYPES = ['street', 'road', 'avenue', 'crescent', 'place', 'court']
const STATES = ['nsw', 'vic', 'qld', 'wa', 'sa', 'tas', 'act', 'nt']

/**
 * Seeded synthetic people with Febrl-like corruption (typos, missing values, swapped names,
 * transposed dates) for benchmarks and tests. Same seed, same records.
 * @param count number of records, originals plus duplicates
 */
export function generatePeople(count: number, options: GeneratePeopleOptions = {}): GeneratedPeople {
  const random = seededRandom(options.seed ?? 1)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const word = (parts: number): string => Array.from({ length: parts }, () => pick(SYLLABLES)).join('')
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 10)).join('')
  // Pool sizes in the range of a national population's distinct given and family names.
  const givenPool = Array.from({ length: 2_000 }, () => word(2 + Math.floor(random() * 2)))
  const familyPool = Array.from({ length: 20_000 }, () => word(3 + Math.floor(random() * 2)))
  const cityPool = Array.from({ length: 1_000 }, () => word(2 + Math.floor(random() * 2)))
  const records: PersonRecord[] = []
  const truth = new Map<string, string>()
  const originals: PersonRecord[] = []
  const duplicateRate = options.duplicateRate ?? 0.3
  for (let i = 0; i < count; i++) {
    const id = `r${String(i).padStart(7, '0')}`
    if (originals.length > 0 && random() < duplicateRate) {
      const source = pick(originals)
      records.push(corrupt({ ...source, id }, random, options.maxEdits ?? 3))
      truth.set(id, truth.get(source.id) as string)
      continue
    }
    const givenName = pick(givenPool)
    const familyName = pick(familyPool)
    const year = 1930 + Math.floor(random() * 75)
    const month = 1 + Math.floor(random() * 12)
    const day = 1 + Math.floor(random() * 28)
    const record: PersonRecord = {
      id,
      givenName,
      familyName,
      birthDate: `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`,
      streetNumber: String(1 + Math.floor(random() * 300)),
      street: `${word(2)} ${pick(STREET_TYPES)}`,
      city: pick(cityPool),
      postcode: String(2000 + Math.floor(random() * 7000)),
      state: pick(STATES),
      email: `${givenName}.${familyName}${digits(2)}@example.com`,
      phone: `04${digits(8)}`,
      nationalId: digits(7),
    }
    originals.push(record)
    records.push(record)
    truth.set(id, id)
  }
  return { records, truth }
}

const FIELDS = ['givenName', 'familyName', 'birthDate', 'streetNumber', 'street', 'city', 'postcode', 'email', 'phone', 'nationalId'] as const

function corrupt(record: PersonRecord, random: () => number, maxEdits: number): PersonRecord {
  const copy: Record<string, string | undefined> = { ...record }
  const edits = 1 + Math.floor(random() * maxEdits)
  for (let e = 0; e < edits; e++) {
    const field = FIELDS[Math.floor(random() * FIELDS.length)] as (typeof FIELDS)[number]
    const value = copy[field]
    if (value === undefined) continue
    const roll = random()
    if (roll < 0.2) copy[field] = undefined
    else if (field === 'birthDate' && roll < 0.4) copy[field] = value.slice(0, 4) + value.slice(6, 8) + value.slice(4, 6)
    else if (field === 'givenName' && roll < 0.3) [copy.givenName, copy.familyName] = [copy.familyName, copy.givenName]
    else copy[field] = typo(value, random)
  }
  return Object.fromEntries(Object.entries(copy).filter(([, v]) => v !== undefined)) as PersonRecord
}

function typo(value: string, random: () => number): string {
  if (value.length < 2) return value
  const at = Math.floor(random() * (value.length - 1))
  const kind = Math.floor(random() * 3)
  if (kind === 0) return value.slice(0, at) + value.slice(at + 1)
  if (kind === 1) return value.slice(0, at) + (value[at + 1] as string) + (value[at] as string) + value.slice(at + 2)
  const replacement = /\d/u.test(value[at] as string) ? String(Math.floor(random() * 10)) : 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]
  return value.slice(0, at) + replacement + value.slice(at + 1)
}
