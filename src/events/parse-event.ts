import { z } from 'zod'
import { type Issue, issuesFromZod } from '../errors.js'
import { compiledSchema } from './compiled-schema.js'
import { type CustomerEvent, CustomerEventSchema } from './customer-event.js'
import { type Identifier, identifierKey, type NormalizeOptions, normalizeIdentifierValue } from './identifier.js'

export type ParseEventResult =
  | { readonly success: true; readonly event: CustomerEvent }
  | { readonly success: false; readonly issues: readonly Issue[] }

const GRADE_RANK = { verified: 0, channel: 1, record: 2, stated: 3 } as const

/** Every event of every ingest passes here: the compiled parser is several times faster. */
const eventSchema = compiledSchema(CustomerEventSchema)

/**
 * Validates one canonical event and brings its identifiers to canonical form. An identifier
 * that cannot be normalized rejects the whole event (with its path) rather than being dropped,
 * so nothing is silently lost. Repeated identifiers collapse to one, keeping the strongest grade.
 * @param input anything; a caller's event or an adapter's output
 * @param options how emails and phone numbers are normalized
 * @example parseEvent({ channel: 'email', direction: 'inbound', ... })
 */
export function parseEvent(input: unknown, options: NormalizeOptions = {}): ParseEventResult {
  const parsed = eventSchema().safeParse(input)
  if (!parsed.success) return { success: false, issues: issuesFromZod('invalid_event', parsed.error.issues) }
  const event = parsed.data
  const issues: Issue[] = []
  const normalized: Identifier[] = []
  const keys: string[] = []
  event.identifiers.forEach((identifier, index) => {
    const value = normalizeIdentifierValue(identifier.kind, identifier.value, options)
    if (value === undefined) {
      issues.push({
        code: 'invalid_event',
        path: ['identifiers', index, 'value'],
        message: `not a valid ${identifier.kind} identifier`,
      })
      return
    }
    const candidate = { kind: identifier.kind, value, grade: identifier.grade }
    const key = identifierKey(candidate)
    // A linear search: events carry a handful of identifiers (at most 200).
    const seen = keys.indexOf(key)
    if (seen < 0) {
      keys.push(key)
      normalized.push(candidate)
    } else if (GRADE_RANK[candidate.grade] < GRADE_RANK[(normalized[seen] as Identifier).grade]) normalized[seen] = candidate
  })
  if (issues.length > 0) return { success: false, issues }
  // Canonical identifier order makes equal events compare equal whatever order a source used.
  // Keys are unique by now, so the order is the keys' order, however they were found.
  event.identifiers = keys.length < 2 ? normalized : sortByKeys(normalized, keys)
  // `event` is the parser's fresh output, not the caller's input: completed in place, not copied.
  return { success: true, event }
}

function sortByKeys(identifiers: readonly Identifier[], keys: readonly string[]): Identifier[] {
  const order = keys.map((_, index) => index).sort((a, b) => compareText(keys[a] as string, keys[b] as string))
  return order.map((index) => identifiers[index] as Identifier)
}

/** Code-unit order, independent of locale, for ids and keys. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Time order, then id: the one order in which events are told everywhere. */
export function compareEvents(a: Pick<CustomerEvent, 'occurredAt' | 'id'>, b: Pick<CustomerEvent, 'occurredAt' | 'id'>): number {
  return compareText(a.occurredAt, b.occurredAt) || compareText(a.id, b.id)
}

/** JSON Schema (draft 2020-12) of the canonical event, for callers that do not use TypeScript. */
export function eventJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CustomerEventSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
}
