import { compareEvents, type Channel, type CustomerEvent, type IdentifierGrade, type IdentifierKind } from '../events/index.js'
import { isPlaceholder } from '../identity/index.js'

/** Where a value came from: the event, its source system and when. */
export interface Provenance {
  readonly eventId: string
  readonly source: string
  readonly at: string
}

export interface ProfileIdentifier extends Provenance {
  readonly kind: IdentifierKind
  readonly value: string
  /** The strongest grade any event gave it. */
  readonly grade: IdentifierGrade
  readonly firstSeenAt: string
  readonly lastSeenAt: string
  readonly events: number
}

export interface ProfileTrait extends Provenance {
  readonly value: string | number | boolean
}

/** One person, as a CRM reads it. A JSON document: every field is plain data. */
export interface Profile {
  readonly id: string
  readonly identifiers: readonly ProfileIdentifier[]
  readonly traits: Readonly<Record<string, ProfileTrait>>
  readonly channels: readonly Channel[]
  readonly firstSeenAt: string
  readonly lastSeenAt: string
  readonly eventCount: number
}

const GRADE_RANK: Record<IdentifierGrade, number> = { verified: 0, channel: 1, record: 2, stated: 3 }

/**
 * Builds the profile document of one person from its events. Traits take the most recent
 * non-empty value, so a blank field in a later record never erases a known one.
 * @param id the profile id from identity resolution
 * @param events the member events, in any order
 */
export function buildProfile(id: string, events: readonly CustomerEvent[]): Profile {
  const ordered = [...events].sort(compareEvents)
  const identifiers = new Map<string, ProfileIdentifier>()
  const traits: Record<string, ProfileTrait> = {}
  const channels = new Set<Channel>()
  for (const event of ordered) {
    if (event.type !== 'action' && event.type !== 'status') channels.add(event.channel)
    const provenance = { eventId: event.id, source: event.source.system, at: event.occurredAt }
    for (const identifier of event.identifiers) {
      if (isPlaceholder(identifier)) continue
      // A quoted reference is the customer naming an order, not an identifier of theirs; it joins only through a record.
      if (identifier.kind === 'reference' && identifier.grade === 'stated') continue
      const key = `${identifier.kind}:${identifier.value}`
      const seen = identifiers.get(key)
      identifiers.set(
        key,
        seen
          ? {
              ...seen,
              grade: GRADE_RANK[identifier.grade] < GRADE_RANK[seen.grade] ? identifier.grade : seen.grade,
              lastSeenAt: event.occurredAt,
              events: seen.events + 1,
            }
          : { kind: identifier.kind, value: identifier.value, grade: identifier.grade, ...provenance, firstSeenAt: event.occurredAt, lastSeenAt: event.occurredAt, events: 1 },
      )
    }
    // Only what the customer or the company's records say describes the customer.
    if (event.direction === 'outbound') continue
    for (const [name, value] of Object.entries(event.traits)) {
      if (value === null || value === '') continue
      traits[name] = { value: typeof value === 'string' ? value.trim() : value, ...provenance }
    }
  }
  const first = ordered[0]
  const last = ordered.at(-1)
  return {
    id,
    identifiers: [...identifiers.values()].sort((a, b) => (a.kind === b.kind ? (a.value < b.value ? -1 : 1) : a.kind < b.kind ? -1 : 1)),
    traits,
    channels: [...channels].sort(),
    firstSeenAt: first?.occurredAt ?? '',
    lastSeenAt: last?.occurredAt ?? '',
    eventCount: ordered.length,
  }
}
