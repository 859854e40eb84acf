import type { FieldTable } from './field-table.js'
import { IntTupleInterner } from './int-tuple-interner.js'
import type { NormalizedRecord } from './normalize-record.js'
import { FIELD_COUNT } from './compare-records.js'
import { StringInterner } from './string-interner.js'

/**
 * Values a built-in blocking rule reads, each as an id per record (0 when the value is '').
 * Derived values (a name's first letters, a birth year) are computed once per distinct field
 * value, not once per record.
 */
export type KeyFeature =
  | 'givenCode'
  | 'familyCode'
  | 'givenPrefix'
  | 'familyPrefix'
  | 'givenInitial'
  | 'familyInitial'
  | 'initials'
  | 'birthDate'
  | 'birthYear'
  | 'birthMonthDay'
  | 'birthMonth'
  | 'postcode'
  | 'street'
  | 'streetNumber'
  | 'email'
  | 'emailLocal'
  | 'phoneLast7'
  | 'nationalId'

/**
 * A built-in rule's key as ids: the record has a key when every part is known; `unordered`
 * makes the first two parts one unordered pair (they come from one interner), and `optional`
 * is appended as is, unknown included. Grouping records by this triple is grouping them by the
 * rule's key string, because no part can contain the separators the strings are joined with.
 */
export interface KeySpec {
  readonly parts: readonly KeyFeature[]
  readonly unordered?: boolean
  readonly optional?: KeyFeature
  /** The rule's split values, in order, as features (0 = '' stays in the block). */
  readonly split?: readonly KeyFeature[]
}

/** Per record, the id of each feature it is asked for; computed on first use. */
export class KeyFeatures {
  private readonly cache = new Map<KeyFeature, Int32Array>()
  private readonly shared = new Map<string, StringInterner>()
  private keys: IntTupleInterner | undefined
  private readonly keyOf: Int32Array

  constructor(
    private readonly records: readonly NormalizedRecord[],
    private readonly fields: FieldTable,
  ) {
    this.keyOf = new Int32Array(records.length)
  }

  /** The key interner (emptied) and block-id array that rule after rule reuses. */
  scratch(): { keys: IntTupleInterner; keyOf: Int32Array } {
    if (this.keys === undefined) this.keys = new IntTupleInterner(this.records.length)
    else this.keys.reset()
    return { keys: this.keys, keyOf: this.keyOf }
  }

  of(feature: KeyFeature): Int32Array {
    let ids = this.cache.get(feature)
    if (ids === undefined) {
      ids = this.compute(feature)
      this.cache.set(feature, ids)
    }
    return ids
  }

  private compute(feature: KeyFeature): Int32Array {
    switch (feature) {
      case 'givenCode':
        return this.derived(0, 'codes', (r) => r.givenCodes[0])
      case 'familyCode':
        return this.derived(1, 'codes', (r) => r.familyCodes[0])
      case 'givenPrefix':
        return this.derived(0, 'prefixes', (r) => r.givenName.slice(0, 3))
      case 'familyPrefix':
        return this.derived(1, 'prefixes', (r) => r.familyName.slice(0, 3))
      case 'givenInitial':
        return this.derived(0, 'initials', (r) => r.givenName.slice(0, 1))
      case 'familyInitial':
        return this.derived(1, 'initials', (r) => r.familyName.slice(0, 1))
      case 'initials': {
        // Both initials as one unordered pair: what the sorted two-letter string says.
        const given = this.of('givenInitial')
        const family = this.of('familyInitial')
        const radix = (this.shared.get('initials') as StringInterner).size
        return given.map((g, i) => {
          const f = family[i] as number
          return g <= f ? g * radix + f : f * radix + g
        })
      }
      case 'birthDate':
        return this.field(2)
      case 'birthYear':
        return this.derived(2, 'birthYear', (r) => r.birthDate.slice(0, 4))
      case 'birthMonthDay':
        return this.derived(2, 'birthMonthDay', (r) => r.birthDate.slice(5))
      case 'birthMonth':
        return this.derived(2, 'birthMonth', (r) => r.birthDate.slice(5, 7))
      case 'streetNumber':
        return this.field(3)
      case 'street':
        return this.field(4)
      case 'postcode':
        return this.field(7)
      case 'email':
        return this.field(9)
      case 'emailLocal':
        return this.derived(9, 'emailLocal', (r) => (r.emailLocal.length >= 3 ? r.emailLocal : ''))
      case 'phoneLast7':
        return this.derived(10, 'phoneLast7', (r) => (r.phone.length >= 7 ? r.phone.slice(-7) : ''))
      case 'nationalId':
        return this.field(11)
    }
  }

  private field(f: number): Int32Array {
    const n = this.records.length
    const ids = new Int32Array(n)
    for (let i = 0; i < n; i++) ids[i] = this.fields.ids[i * FIELD_COUNT + f] as number
    return ids
  }

  // A value derived from field `f`, computed on the first record holding each distinct value
  // of `f` (the derivation reads nothing else), interned in the named interner ('' is id 0).
  private derived(f: number, interner: string, derive: (record: NormalizedRecord) => string): Int32Array {
    let values = this.shared.get(interner)
    if (values === undefined) {
      values = new StringInterner()
      values.idOf('')
      this.shared.set(interner, values)
    }
    const firstRecord = this.fields.firstRecord[f] as Int32Array
    const byValue = new Int32Array(firstRecord.length)
    for (let id = 1; id < firstRecord.length; id++) byValue[id] = values.idOf(derive(this.records[firstRecord[id] as number] as NormalizedRecord))
    const n = this.records.length
    const ids = new Int32Array(n)
    for (let i = 0; i < n; i++) ids[i] = byValue[this.fields.ids[i * FIELD_COUNT + f] as number] as number
    return ids
  }
}

/** Block ids of one rule, before blocks are sized and filtered. */
export interface RuleKeys {
  /** Per record, its block id, or -1 when it has no key. */
  readonly keyOf: Int32Array
  readonly sizes: Int32Array
  /** The key string of a block, as the rule's functions write it (for reports). */
  readonly keyText: (id: number) => string
}

/** Block sizes by id. */
export function sizesOf(keyOf: Int32Array, keyCount: number): Int32Array {
  const sizes = new Int32Array(keyCount)
  for (let i = 0; i < keyOf.length; i++) if ((keyOf[i] as number) >= 0) sizes[keyOf[i] as number] = (sizes[keyOf[i] as number] as number) + 1
  return sizes
}

// Split keys are (SPLIT, parent id, split value): a rule key's first part is never negative.
const SPLIT = -2

/**
 * A rule's block ids from its {@link KeySpec}: the same ids, in the same order, as interning
 * the rule's key strings would give, including the split sub-blocks.
 * @param keyText the key string of a record's block at a split depth, for reports
 */
export function ruleKeysFromSpec(spec: KeySpec, features: KeyFeatures, splitAbove: number, keyText: (record: number, depth: number) => string): RuleKeys {
  const { keys, keyOf } = features.scratch()
  const n = keyOf.length
  const parts = spec.parts.map((feature) => features.of(feature))
  const first = parts[0] as Int32Array
  const second = parts[1]
  const third = spec.optional === undefined ? parts[2] : features.of(spec.optional)
  if (parts.length === 1 && spec.optional === undefined) {
    // One value, interned in record order with '' first: its ids already are the key ids in
    // order of first appearance, shifted by one; split keys are numbered after them.
    let count = 0
    for (let i = 0; i < n; i++) {
      const id = (first[i] as number) - 1
      keyOf[i] = id
      if (id >= count) count = id + 1
    }
    keys.reserve(count)
  } else {
    for (let i = 0; i < n; i++) {
      let known = true
      for (const part of parts) if (part[i] === 0) known = false
      if (!known) {
        keyOf[i] = -1
        continue
      }
      let a = first[i] as number
      let b = second === undefined ? -1 : (second[i] as number)
      if (spec.unordered === true && b < a) {
        const swap = a
        a = b
        b = swap
      }
      keyOf[i] = keys.idOf(a, b, third === undefined ? -1 : (third[i] as number))
    }
  }
  let sizes = sizesOf(keyOf, keys.size)
  // Ids below levelEnd[d] and at or above levelEnd[d - 1] were made at split depth d.
  const levelEnd = [keys.size]
  for (const feature of spec.split ?? []) {
    const part = features.of(feature)
    const before = keys.size
    for (let i = 0; i < n; i++) {
      const id = keyOf[i] as number
      if (id < 0 || (sizes[id] as number) <= splitAbove) continue
      const value = part[i] as number
      if (value !== 0) keyOf[i] = keys.idOf(SPLIT, id, value)
    }
    if (keys.size === before) break
    levelEnd.push(keys.size)
    sizes = sizesOf(keyOf, keys.size)
  }
  return {
    keyOf,
    sizes,
    keyText: (id) => {
      const record = keyOf.indexOf(id)
      return keyText(record, levelEnd.findIndex((end) => id < end))
    },
  }
}
