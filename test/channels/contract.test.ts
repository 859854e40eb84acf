import { describe, expect, expectTypeOf, it } from 'vitest'
import { ADAPTERS, ASYNC_FORMATS, type AdaptResult, adaptAsync, FORMATS, type Format, formatJsonSchema, isFormat, safeAdapt } from '../../src/channels/index.js'
import { eventJsonSchema } from '../../src/events/index.js'
import { CASES } from './cases.js'
import { context, ids, rejection, withField } from './helpers.js'

describe('FORMATS', () => {
  it('lists exactly the registered adapters, each under its own format id', () => {
    expect([...ADAPTERS.keys()]).toEqual([...FORMATS])
    for (const [format, adapter] of ADAPTERS) expect(adapter.format).toBe(format)
  })

  it('types format ids as a union while adapt still accepts any string', () => {
    expectTypeOf<'x.post'>().toExtend<Format>()
    expectTypeOf<'fax.machine'>().not.toExtend<Format>()
    expectTypeOf(() => safeAdapt('from a file' as string, {}, context)).returns.toEqualTypeOf<AdaptResult | Promise<AdaptResult>>()
    expectTypeOf(() => safeAdapt('whatsapp.cloud', {}, context)).returns.toEqualTypeOf<AdaptResult>()
    expect(isFormat('x.post')).toBe(true)
    expect(isFormat('fax.machine')).toBe(false)
  })

  it('keeps the public format ids', () => {
    expect([...FORMATS].sort()).toEqual(
      ['chatwoot.webhook', 'csv.record', 'email.postal-mime', 'email.rfc5322', 'meta.instagram', 'meta.messenger', 'twilio.sms', 'twilio.voice.status', 'twilio.voice.transcript', 'whatsapp.cloud', 'x.dm', 'x.post'].sort(),
    )
  })
})

for (const format of FORMATS) {
  const row = CASES[format]
  describe(format, () => {
    it('maps the provider example to valid events', async () => {
      const events = await adaptAsync(format, row.valid(), context)
      expect(events.length).toBeGreaterThan(0)
      for (const event of events) expect(event.source.format).toBe(format)
      // Only the formats listed as asynchronous may answer with a Promise.
      expect(safeAdapt(format, row.valid(), context) instanceof Promise).toBe((ASYNC_FORMATS as readonly string[]).includes(format))
    })

    it('gives the same event ids when the same payload is delivered again', async () => {
      const first = await adaptAsync(format, row.valid(), context)
      const again = await adaptAsync(format, row.valid(), context)
      expect(ids(again)).toEqual(ids(first))
      expect(again).toEqual(first)
    })

    it('rejects a payload missing a required field, naming the field', async () => {
      const payload = row.missing.remove.length > 0 ? withField(row.valid(), row.missing.remove, undefined, true) : ''
      const error = await rejection(format, payload)
      expect(error.code).toBe('invalid_payload')
      expect(error.path).toEqual(row.missing.path)
    })

    it('rejects a malformed field, naming the field, and returns no events', async () => {
      const payload = row.malformed.set.length > 0 ? withField(row.valid(), row.malformed.set, row.malformed.value) : row.malformed.value
      const error = await rejection(format, payload)
      expect(error.code).toBe('invalid_payload')
      expect(error.path).toEqual(row.malformed.path)
      const result = await safeAdapt(format, payload, context)
      expect(result).toEqual({ success: false, issues: error.issues })
    })

    it('rejects a payload that is not an object at all', async () => {
      const error = await rejection(format, null)
      expect(error.code).toBe('invalid_payload')
    })

    it('describes its raw payload as JSON Schema', () => {
      const schema = formatJsonSchema(format)
      expect(schema.$schema).toContain('json-schema.org')
      if (format !== 'email.rfc5322') expect(schema.type).toBe('object')
    })
  })
}

describe('safeAdapt', () => {
  it('reports a payload whose fields throw when read, instead of throwing', () => {
    const hostile = Object.defineProperty({}, 'CallSid', { enumerable: true, get: () => { throw new Error('boom') } })
    expect(safeAdapt('twilio.voice.status', hostile, context)).toMatchObject({ success: false, issues: [{ code: 'invalid_payload', path: ['payload'] }] })
  })
})

describe('formatJsonSchema', () => {
  it('rejects an unknown format with unknown_format', () => {
    expect(() => formatJsonSchema('fax.machine')).toThrowError(expect.objectContaining({ code: 'unknown_format' }))
  })

  it('describes the input side, where Twilio numbers are strings', () => {
    const schema = formatJsonSchema('twilio.sms') as { properties: Record<string, { type?: string }>; required: string[] }
    expect(schema.properties.NumMedia?.type).toBe('string')
    expect(schema.required).toEqual(expect.arrayContaining(['MessageSid', 'From', 'To', 'ReceivedAt']))
    expect(eventJsonSchema().type).toBe('object')
  })
})
