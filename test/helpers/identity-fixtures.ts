import type { CustomerEvent, CustomerEventInput, IdentifierKind } from '../../src/index.js'
import type { Matcher, MatchResult } from '../../src/identity/index.js'

type Ids = Partial<Record<IdentifierKind, string | string[]>>

function identifiers(ids: Ids, grade: 'verified' | 'channel' | 'record' | 'stated') {
  return Object.entries(ids).flatMap(([kind, values]) =>
    (Array.isArray(values) ? values : [values]).map((value) => ({ kind: kind as IdentifierKind, value: value as string, grade })),
  )
}

/** A row of the company's own records (a CRM or CSV export). */
export function record(id: string, minute: number, ids: Ids, traits: Record<string, string> = {}): CustomerEventInput {
  return {
    type: 'record',
    occurredAt: `2026-11-01T09:${String(minute).padStart(2, '0')}:00Z`,
    channel: 'crm',
    direction: 'inbound',
    actor: { role: 'system' },
    identifiers: identifiers(ids, 'record'),
    traits,
    source: { system: 'csv', id },
  }
}

/** An inbound customer message delivered by a channel. */
export function message(id: string, minute: number, ids: Ids, options: { name?: string; text?: string; channel?: 'email' | 'sms' | 'voice' } = {}): CustomerEventInput {
  return {
    type: 'message',
    occurredAt: `2026-11-02T10:${String(minute).padStart(2, '0')}:00Z`,
    channel: options.channel ?? 'email',
    direction: 'inbound',
    actor: { role: 'customer' },
    identifiers: identifiers(ids, 'channel'),
    traits: options.name ? { name: options.name } : {},
    ...(options.text ? { content: { text: options.text } } : {}),
    source: { system: 'mail', id },
  }
}

const norm = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase().replace(/\s+/gu, ' ') : undefined)

/**
 * The plumbing test matcher: events with the same normalized name and birth date are a
 * candidate pair, scored 0.93 with the given decision. Not a model; the real one is on `matching`.
 */
export function exactNameBirthDateMatcher(decision: MatchResult['decision'] = 'review'): Matcher {
  return {
    id: 'exact-name-dob@test',
    candidateKeys(event: CustomerEvent) {
      const name = norm(event.traits.name)
      const dob = norm(event.traits.birthDate)
      return name && dob ? [`name-dob:${name}|${dob}`] : []
    },
    score(a: CustomerEvent, b: CustomerEvent): MatchResult {
      const same = norm(a.traits.name) === norm(b.traits.name) && norm(a.traits.birthDate) === norm(b.traits.birthDate)
      return same
        ? { score: 0.93, decision, evidence: [{ field: 'name', outcome: 'exact', weight: 6.1 }, { field: 'birthDate', outcome: 'exact', weight: 8.2 }] }
        : { score: 0.05, decision: 'none', evidence: [] }
    },
  }
}
