import { createHmac } from 'node:crypto'
import type { Issue } from '../errors.js'
import { type CustomerEvent, identifierKey } from '../events/index.js'
import { isPlaceholder } from '../identity/index.js'
import type { StoreReader } from '../store/index.js'

/** Meta key holding a keyed hash of a fixed text, so an engine with the wrong salt (or none) is noticed. */
export const SALT_CHECK_KEY = 'erasure.saltCheck'

/**
 * The salted hash a suppression stores for a key: an identifier key (`email:ann@example.com`)
 * or an erased event id (`event:evt_...`). HMAC-SHA-256, so the hash says nothing without the salt.
 * @example suppressionHash(salt, 'email:ann@example.com') // 64 hex characters
 */
export function suppressionHash(salt: string, key: string): string {
  return createHmac('sha256', salt).update(key).digest('hex')
}

export function saltCheck(salt: string): string {
  return suppressionHash(salt, 'throughline.salt-check')
}

/**
 * The ingest screen: rejects, as `suppressed`, events that carry an identifier of an erased
 * person, are an erased event redelivered, or are about an erased event. When the store holds
 * erasures made with another salt (or the engine has none), every event is rejected: failing
 * closed is the only way not to resurrect someone.
 */
export function createSuppressionScreen(salt: string | undefined) {
  return async (events: readonly CustomerEvent[], reader: StoreReader): Promise<Map<string, Issue>> => {
    const check = await reader.getMeta(SALT_CHECK_KEY)
    const issues = new Map<string, Issue>()
    if (check === undefined) return issues
    if (salt === undefined || check !== saltCheck(salt)) {
      const message = 'this store holds erasures: configure the engine with the erasure salt they were made with'
      for (const event of events) issues.set(event.id, { code: 'suppressed', path: [], message })
      return issues
    }
    const probes = new Map<string, { eventId: string; path: (string | number)[] }[]>()
    const probe = (key: string, eventId: string, path: (string | number)[]) => {
      const hash = suppressionHash(salt, key)
      probes.set(hash, [...(probes.get(hash) ?? []), { eventId, path }])
    }
    for (const event of events) {
      probe(`event:${event.id}`, event.id, ['id'])
      if (event.about !== undefined) probe(`event:${event.about}`, event.id, ['about'])
      event.identifiers.forEach((identifier, index) => {
        if (!isPlaceholder(identifier)) probe(identifierKey(identifier), event.id, ['identifiers', index])
      })
    }
    for (const suppression of await reader.getSuppressions([...probes.keys()])) {
      for (const { eventId, path } of probes.get(suppression.hash) ?? []) {
        if (!issues.has(eventId)) issues.set(eventId, { code: 'suppressed', path, message: 'the event belongs to an erased person' })
      }
    }
    return issues
  }
}
