import { describe, expect, it } from 'vitest'
import { ADAPTERS, adaptAsync, FORMATS, formatJsonSchema } from '../../src/channels/index.js'
import { eventJsonSchema } from '../../src/events/index.js'
import { context, fixture, ids, rawFixture, rejection, withField } from './helpers.js'

interface Case {
  readonly valid: () => unknown
  /** A required field, and the path the rejection must name. */
  readonly missing: { readonly remove: readonly (string | number)[]; readonly path: readonly (string | number)[] }
  /** A field set to a malformed value, and the path the rejection must name. */
  readonly malformed: { readonly set: readonly (string | number)[]; readonly value: unknown; readonly path: readonly (string | number)[] }
}

/** One row per format: every adapter honours the same contract. */
export const CASES: Record<(typeof FORMATS)[number], Case> = {
  'twilio.voice.status': {
    valid: () => fixture('twilio-voice-inbound-completed.json'),
    missing: { remove: ['CallSid'], path: ['payload', 'CallSid'] },
    malformed: { set: ['CallDuration'], value: 'three minutes', path: ['payload', 'CallDuration'] },
  },
  'twilio.voice.transcript': {
    valid: () => fixture('twilio-transcript.json'),
    missing: { remove: ['sentences', 1, 'sentence_index'], path: ['payload', 'sentences', 1, 'sentence_index'] },
    malformed: { set: ['sentences', 0, 'start_time'], value: 'soon', path: ['payload', 'sentences', 0, 'start_time'] },
  },
  'twilio.sms': {
    valid: () => fixture('twilio-sms-inbound.json'),
    missing: { remove: ['From'], path: ['payload', 'From'] },
    malformed: { set: ['MessageSid'], value: 'not-a-sid', path: ['payload', 'MessageSid'] },
  },
  'email.postal-mime': {
    valid: () => ({ messageId: '<a1@example.net>', date: '2024-05-14T16:02:07.000Z', from: { address: 'ann.lee@example.net', name: 'Ann Lee' }, to: [{ address: 'support@acme.example', name: '' }], subject: 'Refund', text: 'Hello' }),
    missing: { remove: ['messageId'], path: ['payload', 'messageId'] },
    malformed: { set: ['date'], value: 'yesterday-ish', path: ['payload', 'date'] },
  },
  'email.rfc5322': {
    valid: () => rawFixture('email-original.eml').toString('utf8'),
    // A raw message has no fields to remove; the header cases live in email-rfc5322.test.ts.
    missing: { remove: [], path: ['payload'] },
    malformed: { set: [], value: 42, path: ['payload'] },
  },
  'chatwoot.webhook': {
    valid: () => fixture('chatwoot-incoming.json'),
    missing: { remove: ['conversation'], path: ['payload', 'conversation'] },
    malformed: { set: ['message_type'], value: 'shouting', path: ['payload', 'message_type'] },
  },
  'x.post': {
    valid: () => fixture('x-post-array.json'),
    missing: { remove: ['data', 1, 'author_id'], path: ['payload', 'data', 1, 'author_id'] },
    malformed: { set: ['data', 0, 'created_at'], value: 'Mon May 13', path: ['payload', 'data', 0, 'created_at'] },
  },
  'x.dm': {
    valid: () => fixture('x-dm.json'),
    missing: { remove: ['data', 0, 'id'], path: ['payload', 'data', 0, 'id'] },
    malformed: { set: ['data', 1, 'sender_id'], value: 'two words', path: ['payload', 'data', 1, 'sender_id'] },
  },
  'meta.messenger': {
    valid: () => fixture('meta-messenger.json'),
    missing: { remove: ['entry', 0, 'messaging', 0, 'sender'], path: ['payload', 'entry', 0, 'messaging', 0, 'sender'] },
    malformed: { set: ['entry', 1, 'messaging', 0, 'timestamp'], value: '2024-05-21', path: ['payload', 'entry', 1, 'messaging', 0, 'timestamp'] },
  },
  'meta.instagram': {
    valid: () => fixture('meta-instagram.json'),
    missing: { remove: ['entry', 0, 'messaging', 1, 'message', 'mid'], path: ['payload', 'entry', 0, 'messaging', 1, 'message', 'mid'] },
    malformed: { set: ['object'], value: 'page', path: ['payload', 'object'] },
  },
  'whatsapp.cloud': {
    valid: () => fixture('whatsapp-messages.json'),
    missing: { remove: ['entry', 0, 'changes', 0, 'value', 'metadata'], path: ['payload', 'entry', 0, 'changes', 0, 'value', 'metadata'] },
    malformed: { set: ['entry', 0, 'changes', 0, 'value', 'messages', 2, 'timestamp'], value: 'noon', path: ['payload', 'entry', 0, 'changes', 0, 'value', 'messages', 2, 'timestamp'] },
  },
  'csv.record': {
    valid: () => fixture('csv-record.json'),
    missing: { remove: ['system'], path: ['payload', 'system'] },
    malformed: { set: ['row', 'Customer ID'], value: 'C 10442 (old)', path: ['payload', 'row', 'Customer ID'] },
  },
}

describe('FORMATS', () => {
  it('lists exactly the registered adapters, each under its own format id', () => {
    expect([...ADAPTERS.keys()]).toEqual([...FORMATS])
    for (const [format, adapter] of ADAPTERS) expect(adapter.format).toBe(format)
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

    it('rejects a malformed field, naming the field', async () => {
      const payload = row.malformed.set.length > 0 ? withField(row.valid(), row.malformed.set, row.malformed.value) : row.malformed.value
      const error = await rejection(format, payload)
      expect(error.code).toBe('invalid_payload')
      expect(error.path).toEqual(row.malformed.path)
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
