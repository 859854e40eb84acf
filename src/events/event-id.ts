import { createHash } from 'node:crypto'

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
  return createHash('sha256').update(text).digest('hex').slice(0, 24)
}
