import fc from 'fast-check'
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js'
import { describe, expect, it } from 'vitest'
import { normalizePhone } from '../../src/events/index.js'

/** What `normalizePhone` answered before it remembered numbers by their digits: libphonenumber-js on the text as written. */
function reference(raw: string, region: CountryCode): string | undefined {
  const text = raw.trim().replace(/^tel:/iu, '')
  if (!/\d/u.test(text)) return undefined
  const parsed = parsePhoneNumberFromString(text, region)
  if (parsed?.isPossible()) return parsed.number
  if (/^\d{8,15}$/u.test(text)) {
    const international = parsePhoneNumberFromString(`+${text}`)
    if (international?.isPossible()) return international.number
  }
  return undefined
}

const separator = fc.constantFrom('', '', ' ', '-', '.', '(', ')', ' (', ') ', '--')
/** A digit string written with separators between its digits, maybe a leading `+` or `tel:`, maybe padded. */
const written = fc
  .record({
    digits: fc.oneof(fc.stringMatching(/^[0-9]{1,16}$/u), fc.constantFrom('4155550100', '14155550100', '447700900123', '61298765432', '0', '12', '5550100')),
    plus: fc.boolean(),
    tel: fc.boolean(),
    pad: fc.boolean(),
    seps: fc.array(separator, { minLength: 17, maxLength: 17 }),
  })
  .map(({ digits, plus, tel, pad, seps }) => {
    const body = [...digits].map((d, i) => `${seps[i]}${d}`).join('')
    const text = `${tel ? 'tel:' : ''}${plus ? '+' : ''}${body}`
    return pad ? ` ${text} ` : text
  })

describe('normalizePhone', () => {
  it('answers every spelling of a number as libphonenumber-js reads that spelling', () => {
    fc.assert(
      fc.property(written, fc.constantFrom<CountryCode>('US', 'GB', 'AU', 'DE'), (raw, region) => {
        expect(normalizePhone(raw, { defaultRegion: region })).toBe(reference(raw, region))
      }),
      { numRuns: 3000 },
    )
  })

  it('keeps the WhatsApp fallback for bare digit runs only', () => {
    // 447700900123 is not a possible US number; as digits alone it is a WhatsApp id (+44...), written with separators it is not.
    expect(normalizePhone('447700900123')).toBe('+447700900123')
    expect(normalizePhone('44-7700-900123')).toBe(reference('44-7700-900123', 'US'))
    expect(normalizePhone('44-7700-900123')).toBeUndefined()
    expect(normalizePhone('(415) 555-0100')).toBe('+14155550100')
    expect(normalizePhone('415.555.0100')).toBe('+14155550100')
  })
})
