import type { FORMATS } from '../../src/channels/index.js'
import { fixture, rawFixture } from './helpers.js'

export interface Case {
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
