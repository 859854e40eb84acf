import { z } from 'zod'
import { issuesFromZod, ThroughlineError } from '../../errors.js'
import { type BlockingOptions, type Blocks, collectBlocks } from './blocking.js'
import { type FieldTable, internFields } from './field-table.js'
import { type NormalizedRecord, normalizeRecords } from './normalize-record.js'
import { type PersonRecord, PersonRecordSchema } from './person-record.js'

const isFunction = (value: unknown): boolean => typeof value === 'function'

const BlockingRuleSchema = z.object({
  name: z.string().min(1),
  key: z.custom<unknown>(isFunction, 'must be a function from a normalized record to a key or undefined'),
  split: z.array(z.custom(isFunction, 'must be a function from a normalized record to a string')).optional(),
})

/** The options {@link prepareRecords} takes: how records are blocked. */
export const PrepareOptionsSchema = z.object({
  maxBlockSize: z.number().int().min(2).optional(),
  splitBlocksAbove: z.number().int().min(1).optional(),
  rules: z.array(BlockingRuleSchema).min(1).optional(),
})

const BLOCKING_KEYS = ['rules', 'maxBlockSize', 'splitBlocksAbove'] as const

/**
 * Records normalized, sorted by id, their fields interned and their blocks collected, once,
 * for both {@link trainModel} and {@link dedupe}: on large files that work is a large share of
 * either call. Made by {@link prepareRecords}; read-only, so it can be reused with any model
 * and thresholds.
 */
export class PreparedRecords {
  /** Number of records. */
  readonly size: number
  /** @internal the records, normalized, in id order (code-unit order) */
  readonly normalized: readonly NormalizedRecord[]
  /** @internal every field interned */
  readonly fields: FieldTable
  /** @internal the blocks of the blocking options given to prepareRecords */
  readonly blocks: Blocks

  /** @internal use {@link prepareRecords} */
  constructor(normalized: readonly NormalizedRecord[], fields: FieldTable, blocks: Blocks) {
    this.size = normalized.length
    this.normalized = normalized
    this.fields = fields
    this.blocks = blocks
  }
}

/**
 * Prepares records for {@link trainModel} and {@link dedupe}: validates them, normalizes them,
 * interns their fields and collects their blocks, so the two calls share that work instead of
 * each doing it. The blocking options are fixed here; passing blocking options again to
 * `trainModel` or `dedupe` with prepared records is an error. Results are identical to passing
 * the records themselves.
 * @param records records with unique ids
 * @param options blocking rules, maximum block size and split size
 * @returns the prepared record set
 * @throws ThroughlineError `invalid_options` naming the path and reason: a record that fails
 *   {@link PersonRecordSchema}, a duplicate id, or malformed blocking options
 * @example const prepared = prepareRecords(records); const { assignments } = dedupe(prepared, { model: trainModel(prepared) })
 */
export function prepareRecords(records: readonly PersonRecord[], options: BlockingOptions = {}): PreparedRecords {
  const checked = PrepareOptionsSchema.safeParse(options)
  if (!checked.success) {
    throw new ThroughlineError('invalid_options', 'matching', `invalid blocking options: ${checked.error.issues[0]?.message ?? ''}`, {
      issues: issuesFromZod('invalid_options', checked.error.issues, ['options']),
    })
  }
  if (!Array.isArray(records)) {
    throw new ThroughlineError('invalid_options', 'matching', 'records must be an array', {
      issues: [{ code: 'invalid_options', path: ['records'], message: 'expected an array of person records' }],
    })
  }
  records.forEach((record, index) => {
    const parsed = PersonRecordSchema.safeParse(record)
    if (!parsed.success) {
      throw new ThroughlineError('invalid_options', 'matching', `record ${index} is invalid: ${parsed.error.issues[0]?.message ?? ''}`, {
        issues: issuesFromZod('invalid_options', parsed.error.issues, ['records', index]),
      })
    }
  })
  // The options object itself is kept, not zod's copy: built-in rules are recognised by identity.
  return prepare(records, options, true)
}

/** Normalizes, interns and blocks without validating; `uniqueIds` also rejects a repeated id. */
export function prepare(records: readonly PersonRecord[], options: BlockingOptions, uniqueIds: boolean): PreparedRecords {
  const sorted = [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  if (uniqueIds) {
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]?.id === sorted[i - 1]?.id) {
        throw new ThroughlineError('invalid_options', 'matching', `record id "${sorted[i]?.id}" appears more than once`, {
          issues: [{ code: 'invalid_options', path: ['records', 'id'], message: `duplicate id ${sorted[i]?.id}` }],
        })
      }
    }
  }
  const normalized = normalizeRecords(sorted)
  const fields = internFields(normalized)
  return new PreparedRecords(normalized, fields, collectBlocks(normalized, options, fields))
}

/**
 * The prepared set behind a `trainModel` or `dedupe` call: `input` itself when prepared
 * (blocking options are then refused, being fixed already), else `input` prepared now.
 */
export function preparedInput(input: readonly PersonRecord[] | PreparedRecords, options: BlockingOptions, uniqueIds: boolean): PreparedRecords {
  if (!(input instanceof PreparedRecords)) return prepare(input, options, uniqueIds)
  const given = BLOCKING_KEYS.filter((key) => options[key] !== undefined)
  if (given.length > 0) {
    throw new ThroughlineError('invalid_options', 'matching', `blocking options (${given.join(', ')}) belong to prepareRecords, not to calls on prepared records`, {
      issues: given.map((key) => ({ code: 'invalid_options' as const, path: ['options', key], message: 'fixed when the records were prepared' })),
    })
  }
  return input
}
