import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ADAPTERS, FORMATS } from '../../src/channels/index.js'
import { compiledSchema } from '../../src/events/index.js'
import { CASES } from './cases.js'
import { mutate, mutation } from './mutate.js'

/** What a parse answers, in a form two parses can be compared by: value, or issues. */
function answer(result: { success: boolean; data?: unknown; error?: { issues: unknown } }): unknown {
  return result.success ? { data: result.data, json: JSON.stringify(result.data) } : { issues: result.error?.issues }
}

describe('compiled payload schemas', () => {
  for (const format of FORMATS) {
    it(`${format}: the compiled schema answers exactly as the schema does, for the fixture and damaged copies`, () => {
      const schema = ADAPTERS.get(format)?.schema
      if (!schema) throw new Error(`no adapter for ${format}`)
      const compiled = compiledSchema(schema)()
      const valid = CASES[format].valid()
      expect(isDeepStrictEqual(answer(compiled.safeParse(valid)), answer(schema.safeParse(valid)))).toBe(true)
      if (typeof valid === 'string') return
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
          const payload = mutate(valid, mutations)
          const expected = answer(schema.safeParse(structuredClone(payload)))
          expect(answer(compiled.safeParse(payload))).toStrictEqual(expected)
        }),
        { numRuns: 500 },
      )
    })
  }
})
