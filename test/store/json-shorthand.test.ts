import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseShorthand, toShorthand } from '../../src/store/json-shorthand.js'
import { storeEvent } from './contract.js'

describe('toShorthand', () => {
  it('gives back the same JSON text for any JSON value, control characters and fragment look-alikes included', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom(',"grade":"', '\u0001', '{"kind":"email"', '"subject":"\\u0003"', '\\",\\"id\\":\\"'))
    const json = fc.jsonValue().chain((value) => fc.tuple(fc.constant(value), fc.dictionary(text, text)))
    fc.assert(
      fc.property(json, ([value, record]) => {
        for (const item of [value, record]) expect(JSON.stringify(parseShorthand(toShorthand(item)))).toBe(JSON.stringify(item))
      }),
      { numRuns: 500 },
    )
  })

  it('writes a stored event in fewer characters than its JSON, one byte each', () => {
    const event = storeEvent(1, { email: 'ann@example.com', phone: '+14155550100' }, { traits: { name: 'Ann Lee' } })
    const short = toShorthand(event)
    expect(short.length).toBeLessThan(JSON.stringify(event).length * 0.8)
    expect(/^[\u0000-\u00ff]*$/.test(short)).toBe(true)
    expect(parseShorthand(short)).toEqual(event)
  })
})
