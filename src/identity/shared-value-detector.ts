import { type CustomerEvent, type IdentifierKind, identifierKey } from '../events/index.js'
import { isRoleMailbox, limitScope, type ResolvedRules } from './identity-rules.js'
import { eventName, namesCompatible } from './name-compatibility.js'
import { isPlaceholder } from './placeholder-values.js'

/** Why a value is not evidence. */
export const SHARED_REASONS = [
  'placeholder',
  'blocked',
  'role_mailbox',
  'too_many_holders',
  'name_conflict',
  'unique_conflict',
  'companions',
  'reference_not_on_record',
  'reference_many_senders',
] as const
export type SharedReason = (typeof SHARED_REASONS)[number]

/** A value that is held by several events but is not evidence that they are one person. */
export interface SharedValue {
  readonly key: string
  readonly reason: SharedReason
  /** The reason in words, naming what was seen. */
  readonly detail: string
  /** Events of the region holding the value. */
  readonly holders: number
}

const SENDER_KINDS: ReadonlySet<IdentifierKind> = new Set(['email', 'phone', 'x', 'messenger', 'instagram', 'whatsapp', 'chatwoot', 'client'])

/**
 * Reasons that need no holders: placeholders, values blocked by an unmerge, role mailboxes.
 * Values refused this way are never evidence anywhere, so resolution never follows them.
 * @example staticRefusal('email', 'info@shop.example', resolveRules(), new Set()) // 'role_mailbox'
 */
export function staticRefusal(
  kind: IdentifierKind,
  value: string,
  rules: ResolvedRules,
  blocked: ReadonlySet<string>,
): 'placeholder' | 'blocked' | 'role_mailbox' | undefined {
  if (isPlaceholder({ kind, value }, rules.placeholders)) return 'placeholder'
  if (blocked.size > 0 && blocked.has(identifierKey({ kind, value }))) return 'blocked'
  if (kind === 'email' && isRoleMailbox(value, rules)) return 'role_mailbox'
  return undefined
}

/**
 * Decides whether a value held by several events is shared by clearly different people. The
 * answer is a function of the set of holders only, never of the order they arrived in:
 * - holders give incompatible names (see `namesCompatible`);
 * - holders carry two different values of a unique kind (two CRM ids of one system);
 * - holders carry more than `maxCompanions` other values of one kind;
 * - more than `maxHolders` different holders (by name and other identifiers) hold it, or more
 *   than `maxHolderEvents` events (at any grade);
 * - for a business reference: no company record holds it, or more than `maxSenders` senders quote it.
 * @param holders every event holding the value (at least every one in the region)
 * @returns the reason it is shared, or `undefined` when it is usable evidence
 */
export function detectSharedValue(
  kind: IdentifierKind,
  value: string,
  holders: readonly CustomerEvent[],
  rules: ResolvedRules,
  blocked: ReadonlySet<string> = new Set(),
): SharedValue | undefined {
  const key = identifierKey({ kind, value })
  const shared = (reason: SharedReason, detail: string): SharedValue => ({ key, reason, detail, holders: holders.length })
  const fixed = staticRefusal(kind, value, rules, blocked)
  if (fixed === 'placeholder') return shared(fixed, `${key} is a placeholder value`)
  if (fixed === 'blocked') return shared(fixed, `${key} was removed as evidence by an unmerge`)
  if (fixed === 'role_mailbox') return shared(fixed, `${key} is a role mailbox, read by whoever holds the role`)
  if (kind === 'reference') {
    const onRecord = holders.filter((e) => e.type === 'record' && e.identifiers.some((i) => i.kind === 'reference' && i.value === value && i.grade !== 'stated'))
    if (onRecord.length === 0) return shared('reference_not_on_record', `${key} is held by no company record`)
    const senders = new Set<string>()
    for (const event of holders) {
      if (onRecord.includes(event)) continue
      for (const id of event.identifiers) if (SENDER_KINDS.has(id.kind) && id.grade !== 'stated') senders.add(identifierKey(id))
    }
    if (senders.size > rules.maxSenders) return shared('reference_many_senders', `${key} is quoted by ${senders.size} different senders`)
  }
  // Every holder counts against `maxHolderEvents`, stated ones too: it is how many events the
  // store indexes under the value, the count `collectRegion` sees without loading them, so a value
  // is judged alike whether a region holds all its holders or stopped at the limit.
  if (holders.length > rules.maxHolderEvents) return shared('too_many_holders', `${key} is held by ${holders.length} events (limit ${rules.maxHolderEvents})`)
  // Otherwise a customer's statement about a value ("my email is ...") never makes it shared:
  // anyone could then write one message to stop someone else's address from being evidence.
  // Stated claims are checked where they would join (see `resolveRegionDetailed`).
  if (kind !== 'reference') holders = holders.filter((e) => e.identifiers.some((i) => i.kind === kind && i.value === value && i.grade !== 'stated'))
  if (holders.length < 2) return undefined
  if (holders.length > rules.maxHolders) {
    const different = differentHolders(kind, value, holders, rules, blocked)
    if (different > rules.maxHolders) {
      return shared('too_many_holders', `${key} is held by ${different} different holders, by name and other identifiers (limit ${rules.maxHolders})`)
    }
  }

  if (rules.nameConflicts) {
    const names = [...new Set(holders.map(eventName).filter((n): n is string => n !== undefined))].sort()
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        if (!namesCompatible(names[i] as string, names[j] as string)) {
          return shared('name_conflict', `${key} is held by people named "${names[i]}" and "${names[j]}"`)
        }
      }
    }
  }

  const byScope = new Map<string, Set<string>>()
  for (const event of holders) {
    for (const id of event.identifiers) {
      if (id.grade === 'stated' || id.kind === 'reference' || (id.kind === kind && id.value === value)) continue
      if (staticRefusal(id.kind, id.value, rules, blocked)) continue
      const scope = rules.uniqueKinds.has(id.kind) ? limitScope(id.kind, id.value, rules) : id.kind
      const values = byScope.get(scope) ?? new Set<string>()
      values.add(id.value)
      byScope.set(scope, values)
    }
  }
  for (const [scope, values] of [...byScope].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const unique = scope.includes(':') || rules.uniqueKinds.has(scope as IdentifierKind)
    if (unique && rules.uniqueConflicts && values.size > 1) {
      return shared('unique_conflict', `${key} is held by records with different ${scope} ids: ${[...values].sort().join(', ')}`)
    }
    if (!unique && values.size > rules.maxCompanions) {
      return shared('companions', `${key} is held alongside ${values.size} different ${scope} values (limit ${rules.maxCompanions})`)
    }
  }
  return undefined
}

/**
 * How many of the holders differ, each described by its name and its other identifiers: a
 * customer writing a thousand times from one address, always as herself, is one holder, while
 * a switchboard number is held by as many as call through it.
 * @example differentHolders('email', 'ann@example.com', annsMessages, resolveRules(), new Set()) // 1
 */
export function differentHolders(kind: IdentifierKind, value: string, holders: readonly CustomerEvent[], rules: ResolvedRules, blocked: ReadonlySet<string>): number {
  const seen = new Set<string>()
  for (const event of holders) {
    const others: string[] = []
    for (const id of event.identifiers) {
      if (id.grade === 'stated' || id.kind === 'reference' || (id.kind === kind && id.value === value)) continue
      if (!staticRefusal(id.kind, id.value, rules, blocked)) others.push(identifierKey(id))
    }
    seen.add(`${eventName(event) ?? ''}\u0000${others.sort().join('\u0000')}`)
  }
  return seen.size
}
