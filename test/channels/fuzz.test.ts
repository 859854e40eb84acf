import fc from 'fast-check'
import { describe, it } from 'vitest'
import { ThroughlineError } from '../../src/errors.js'
import { ASYNC_FORMATS, adapt, FORMATS } from '../../src/channels/index.js'
import { CASES } from './cases.js'
import { context } from './helpers.js'
import { mutate, mutation } from './mutate.js'

/** Raw-email damage: cut a slice out, or splice arbitrary text in. */
const textDamage = fc.record({ at: fc.nat(), cut: fc.nat({ max: 200 }), insert: fc.string({ maxLength: 80 }) })

/**
 * Only a ThroughlineError `invalid_payload` may escape `adapt`. `adapt` is `safeAdapt` plus a
 * throw, so anything else thrown by an adapter, a schema or parseEvent surfaces here.
 */
function mustOnlyFailCleanlySync(format: string, payload: unknown): void {
  try {
    adapt(format, payload, context)
  } catch (error) {
    if (!ThroughlineError.is(error) || error.code !== 'invalid_payload') throw error
  }
}

async function mustOnlyFailCleanly(format: string, payload: unknown): Promise<void> {
  try {
    await adapt(format, payload, context)
  } catch (error) {
    if (!ThroughlineError.is(error) || error.code !== 'invalid_payload') throw error
  }
}

// Damaged provider payloads cost ~10x arbitrary values (most of them map to events), hence the split.
const RUNS = { anything: 5_000, json: 2_500, mutated: 2_500 }

describe('every adapter under fuzzing', () => {
  for (const format of FORMATS) {
    const valid = CASES[format].valid()
    it(`${format} throws nothing but a ThroughlineError for ${RUNS.anything + RUNS.json + RUNS.mutated} arbitrary and damaged payloads`, async () => {
      const arbitrary = fc.oneof({ weight: RUNS.anything, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 6 }) }, { weight: RUNS.json, arbitrary: fc.jsonValue({ maxDepth: 3 }) })
      const runs = RUNS.anything + RUNS.json
      if ((ASYNC_FORMATS as readonly string[]).includes(format)) {
        await fc.assert(fc.asyncProperty(arbitrary, (value) => mustOnlyFailCleanly(format, value)), { numRuns: runs })
      } else {
        fc.assert(fc.property(arbitrary, (value) => mustOnlyFailCleanlySync(format, value)), { numRuns: runs })
      }
      if (typeof valid === 'string') {
        await fc.assert(
          fc.asyncProperty(fc.array(textDamage, { minLength: 1, maxLength: 3 }), fc.boolean(), async (damages, asBytes) => {
            let raw = valid
            for (const damage of damages) {
              const at = damage.at % (raw.length + 1)
              raw = raw.slice(0, at) + damage.insert + raw.slice(at + damage.cut)
            }
            await mustOnlyFailCleanly(format, asBytes ? new TextEncoder().encode(raw) : raw)
          }),
          { numRuns: RUNS.mutated },
        )
      } else {
        fc.assert(
          fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => mustOnlyFailCleanlySync(format, mutate(valid, mutations))),
          { numRuns: RUNS.mutated },
        )
      }
    })
  }
})
