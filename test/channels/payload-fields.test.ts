import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseDateText } from '../../src/channels/payload-fields.js'

describe('parseDateText', () => {
  it('answers as Date.parse for any sequence of texts, repeated or not', () => {
    const text = fc.oneof(fc.constantFrom('Wed, 07 Jan 2026 10:19:15 +0000', '2026-01-28T15:09:02.069Z', 'yesterday', ''), fc.string({ maxLength: 30 }), fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()))
    fc.assert(
      fc.property(fc.array(text, { maxLength: 12 }), (texts) => {
        for (const value of texts) expect(parseDateText(value)).toBe(Date.parse(value))
      }),
    )
  })
})
