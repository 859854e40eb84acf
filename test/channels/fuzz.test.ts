import fc from 'fast-check'
import { describe, it } from 'vitest'
import { ThroughlineError } from '../../src/errors.js'
import { ASYNC_FORMATS, adapt, FORMATS } from '../../src/channels/index.js'
import { CASES } from './cases.js'
import { context } from './helpers.js'

type Path = (string | number)[]

/** Every path inside a JSON value, the root included. */
function paths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix]
  if (Array.isArray(value)) value.forEach((item, index) => out.push(...paths(item, [...prefix, index])))
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]))
  return out
}

interface Mutation {
  readonly at: number
  readonly op: 'delete' | 'replace' | 'wrap'
  readonly value: unknown
}

/** A provider payload with a few fields deleted, replaced by arbitrary JSON, or wrapped in an array. */
function mutate(valid: unknown, mutations: readonly Mutation[]): unknown {
  let payload = structuredClone(valid)
  for (const mutation of mutations) {
    const all = paths(payload)
    const path = all[mutation.at % all.length] as Path
    if (path.length === 0) {
      payload = mutation.op === 'wrap' ? [payload] : mutation.value
      continue
    }
    let parent = payload as Record<string | number, unknown>
    for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>
    const key = path[path.length - 1] as string | number
    if (mutation.op === 'delete') delete parent[key]
    else parent[key] = mutation.op === 'wrap' ? [parent[key]] : mutation.value
  }
  return payload
}

const mutation = fc.record({ at: fc.nat(), op: fc.constantFrom('delete', 'replace', 'wrap') as fc.Arbitrary<Mutation['op']>, value: fc.jsonValue({ maxDepth: 2 }) })

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
