import { compareText, type CustomerEvent, type Identifier, identifierKey, type NormalizeOptions } from '../events/index.js'
import { DEFAULT_IDENTITY_REFERENCE_PATTERNS, DEFAULT_REFERENCE_TRAITS, extractReferences, recordReferences } from './business-references.js'
import type { IdentityRules } from './identity-rules.js'
import { extractStatedIdentifiers } from './stated-identifiers.js'

export interface EnrichOptions {
  readonly rules?: IdentityRules
  readonly normalize?: NormalizeOptions
  /** The company's own identifiers (support addresses, main lines) are never the customer's. */
  readonly isOwn?: (identifier: Pick<Identifier, 'kind' | 'value'>) => boolean
}

/**
 * Adds the evidence an event carries in its content: references a company record holds
 * (grade `record`), and in a customer's inbound message or transcript the identifiers they
 * state and the references they quote (grade `stated`). Pure and idempotent, so a redelivered
 * event enriches to the same stored event. An identifier already present keeps its grade.
 * @example enrichEvent(event, { normalize: context.normalize }).identifiers
 */
export function enrichEvent(event: CustomerEvent, options: EnrichOptions = {}): CustomerEvent {
  const rules = options.rules ?? {}
  const added: Identifier[] = []
  const references = rules.references ?? {}
  if (event.type === 'record' && references.enabled !== false) {
    for (const value of recordReferences(event, references.traits ?? DEFAULT_REFERENCE_TRAITS)) added.push({ kind: 'reference', value, grade: 'record' })
  }
  const fromCustomer = event.direction === 'inbound' && event.actor.role === 'customer' && (event.type === 'message' || event.type === 'transcript')
  const text = [event.content?.subject, event.content?.text].filter((t): t is string => typeof t === 'string').join('\n')
  if (fromCustomer && text) {
    if (rules.statedIdentifiers !== false) added.push(...extractStatedIdentifiers(text, options.normalize))
    if (references.enabled !== false) {
      for (const value of extractReferences(text, references.patterns ?? DEFAULT_IDENTITY_REFERENCE_PATTERNS)) added.push({ kind: 'reference', value, grade: 'stated' })
    }
  }
  const byKey = new Map(event.identifiers.map((id) => [identifierKey(id), id]))
  let changed = false
  for (const id of added) {
    const key = identifierKey(id)
    if (byKey.has(key) || options.isOwn?.(id)) continue
    byKey.set(key, id)
    changed = true
  }
  if (!changed) return event
  return { ...event, identifiers: [...byKey.values()].sort((a, b) => compareText(identifierKey(a), identifierKey(b))) }
}
