import { createEngine as create, type CustomerEvent, parseEvent } from '../src/index.js'
import { indexKeys } from '../src/store/index.js'

/** The engine factory, plus a helper to validate generated input once, outside the timings. */
export const createEngine = Object.assign(create, {
  parse(inputs: readonly unknown[]): CustomerEvent[] {
    return inputs.map((input) => {
      const result = parseEvent(input)
      if (!result.success) throw new Error(JSON.stringify(result.issues))
      return result.event
    })
  },
})
export const indexKeysOf = indexKeys
