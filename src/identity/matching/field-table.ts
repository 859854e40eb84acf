import { FIELD_COUNT } from './compare-records.js'
import type { NormalizedRecord } from './normalize-record.js'
import { PERSON_FIELDS } from './person-record.js'
import { StringInterner } from './string-interner.js'

/**
 * Every field's values interned to integer ids: one row of {@link FIELD_COUNT} ids per record,
 * id 0 meaning unknown (''), ids in order of first appearance. Pair scoring, blocking and
 * term frequencies read ids instead of strings. Built once per record set; model-independent.
 */
export interface FieldTable {
  /** Id of record `i`'s value of field `f` at `i * FIELD_COUNT + f`. */
  readonly ids: Int32Array
  /** Per field, the distinct values by id (`values[f][0]` is ''). */
  readonly values: readonly (readonly string[])[]
  /** Per field, the first record holding each id (`-1` for id 0 when no record lacks the value). */
  readonly firstRecord: readonly Int32Array[]
}

/**
 * Interns every field of the records.
 * @example internFields(normalizeRecords(records)).values[0] // ['', 'ann', ...]
 */
export function internFields(records: readonly NormalizedRecord[]): FieldTable {
  const n = records.length
  const ids = new Int32Array(n * FIELD_COUNT)
  const values: (readonly string[])[] = []
  const firstRecord: Int32Array[] = []
  const interner = new StringInterner(n)
  PERSON_FIELDS.forEach((field, f) => {
    interner.reset()
    interner.idOf('')
    let first = new Int32Array(1024).fill(-1)
    for (let i = 0; i < n; i++) {
      const before = interner.size
      const id = interner.idOf((records[i] as NormalizedRecord)[field])
      ids[i * FIELD_COUNT + f] = id
      if (interner.size > before || id === 0) {
        if (id >= first.length) {
          const grown = new Int32Array(first.length * 2).fill(-1)
          grown.set(first)
          first = grown
        }
        if (first[id] === -1) first[id] = i
      }
    }
    values.push(interner.values)
    firstRecord.push(first.subarray(0, interner.size))
  })
  return { ids, values, firstRecord }
}
