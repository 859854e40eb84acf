import * as crypto from 'node:crypto'

// One-shot `crypto.hash` (Node >= 20.12) skips the Hash object and its stream machinery, a large
// share of the cost for a short text; the digest is the same SHA-256, so ids do not change.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex')

/**
 * The stable id of the event a source record describes: the same source system and source id
 * always give the same event id, so a redelivered payload is recognised as a duplicate.
 * @example eventIdFor('twilio.voice', 'CA42') // 'evt_' + 24 hex characters
 */
export function eventIdFor(sourceSystem: string, sourceId: string): string {
  return `evt_${stableHash(`${sourceSystem}\u0000${sourceId}`)}`
}

/** 96 bits of SHA-256 as hex: collision-free at any realistic event count, short to read. */
export function stableHash(text: string): string {
  return sha256Hex(text).slice(0, 24)
}
