import { z } from 'zod'
import { IDENTIFIER_KINDS, type IdentifierKind } from '../events/index.js'
import type { PlaceholderOptions } from './placeholder-values.js'
import { isSafePattern } from './safe-pattern.js'

/**
 * How many distinct values of one kind a profile may hold before a further value is refused.
 * Generous for email and phone (people have work and home ones), tight for social accounts.
 */
export const DEFAULT_KIND_LIMITS: Readonly<Record<IdentifierKind, number>> = {
  email: 5,
  phone: 5,
  x: 2,
  messenger: 3,
  instagram: 2,
  whatsapp: 3,
  chatwoot: 5,
  client: 5,
  crm: 3,
  reference: Number.POSITIVE_INFINITY,
}

/** Kinds whose value names one person per system: two different values never share a profile. */
export const DEFAULT_UNIQUE_KINDS: readonly IdentifierKind[] = ['crm']

/** Thresholds of shared-value detection; see `docs/identity.md`. */
export interface SharedValueRules {
  /** Role mailbox local parts (`info`, `sales`, ...) replacing the built-in list. */
  readonly roleMailboxes?: readonly string[]
  /** Extra role local parts added to the built-in list. */
  readonly extraRoleMailboxes?: readonly string[]
  /** Whether holders with incompatible names make a value shared. Default `true`. */
  readonly nameConflicts?: boolean
  /** Whether holders with different values of a unique kind make a value shared. Default `true`. */
  readonly uniqueConflicts?: boolean
  /** A value whose holders carry more than this many other values of one kind is shared. Default 5. */
  readonly maxCompanions?: number
  /**
   * A value held by more different holders than this is shared (a switchboard, a shop's card
   * reader). Holders count as different when their names or other identifiers differ, so a
   * loyal customer writing a thousand times from one address is one holder. Default 500.
   */
  readonly maxHolders?: number
  /**
   * A value held by more events than this is shared without reading them, whoever they are: a
   * bound on what one change may read. Default 10,000 (or `maxHolders`, if larger).
   */
  readonly maxHolderEvents?: number
}

/** Which quoted business references count, and how many senders may quote one. */
export interface ReferenceRules {
  /** Patterns whose first capture group (or whole match) is the reference; replace the defaults. */
  readonly patterns?: readonly RegExp[]
  /** Record traits holding reference lists (comma or space separated). Default `orderIds`, `orderId`, `reference`, ... */
  readonly traits?: readonly string[]
  /** A reference quoted from more distinct sender identifiers than this is not evidence. Default 2. */
  readonly maxSenders?: number
  /** Set `false` to not extract references at ingest. */
  readonly enabled?: boolean
}

/** Rules that decide which evidence may join events into one person. */
export interface IdentityRules {
  readonly placeholders?: PlaceholderOptions
  /** Per-kind limits, merged over {@link DEFAULT_KIND_LIMITS}. */
  readonly limits?: Partial<Record<IdentifierKind, number>>
  /** Kinds unique per system scope (`crm:<system>`); default `['crm']`. */
  readonly uniqueKinds?: readonly IdentifierKind[]
  readonly shared?: SharedValueRules
  readonly references?: ReferenceRules
  /** Set `false` to not extract "my email is ..." from inbound messages. Default `true`. */
  readonly statedIdentifiers?: boolean
  /** A value joining more events than this is reported as a giant value. Default 64. */
  readonly giantValue?: number
}

/** Rules with every default filled in, as resolution uses them. */
export interface ResolvedRules {
  readonly placeholders: PlaceholderOptions
  readonly limits: Readonly<Record<IdentifierKind, number>>
  readonly uniqueKinds: ReadonlySet<IdentifierKind>
  readonly roleMailboxes: ReadonlySet<string>
  readonly nameConflicts: boolean
  readonly uniqueConflicts: boolean
  readonly maxCompanions: number
  readonly maxHolders: number
  readonly maxHolderEvents: number
  readonly maxSenders: number
  readonly giantValue: number
}

/** Mailboxes of a function, not a person, at any domain. */
export const ROLE_MAILBOXES: readonly string[] = [
  'info', 'sales', 'office', 'support', 'admin', 'billing', 'team', 'hello', 'contact', 'help',
  'enquiries', 'inquiries', 'accounts', 'accounting', 'finance', 'hr', 'jobs', 'careers', 'marketing',
  'orders', 'service', 'customerservice', 'reception', 'mail', 'webmaster', 'abuse', 'security', 'press',
  'invoices', 'booking', 'bookings', 'reservations', 'feedback', 'general', 'family', 'home',
]

const count = z.number().int().min(1)
const limit = z.union([count, z.literal(Number.POSITIVE_INFINITY)])

/** Validates {@link IdentityRules}; unknown keys are refused so that a typo never goes unnoticed. */
export const IdentityRulesSchema = z.strictObject({
  placeholders: z.strictObject({ values: z.array(z.string()).optional(), patterns: z.array(z.instanceof(RegExp)).optional() }).optional(),
  limits: z.partialRecord(z.enum(IDENTIFIER_KINDS), limit).optional(),
  uniqueKinds: z.array(z.enum(IDENTIFIER_KINDS)).optional(),
  shared: z
    .strictObject({
      roleMailboxes: z.array(z.string().min(1)).optional(),
      extraRoleMailboxes: z.array(z.string().min(1)).optional(),
      nameConflicts: z.boolean().optional(),
      uniqueConflicts: z.boolean().optional(),
      maxCompanions: count.optional(),
      maxHolders: count.optional(),
      maxHolderEvents: count.optional(),
    })
    .optional(),
  references: z
    .strictObject({
      patterns: z
        .array(z.instanceof(RegExp).refine(isSafePattern, 'unsafe pattern: a quantified group holds a quantifier or alternatives (catastrophic backtracking)'))
        .optional(),
      traits: z.array(z.string().min(1)).optional(),
      maxSenders: count.optional(),
      enabled: z.boolean().optional(),
    })
    .optional(),
  statedIdentifiers: z.boolean().optional(),
  giantValue: count.optional(),
})

/**
 * Fills in every default.
 * @example resolveRules({ limits: { email: 3 } }).limits.email // 3
 */
export function resolveRules(rules: IdentityRules = {}): ResolvedRules {
  const shared = rules.shared ?? {}
  return {
    placeholders: rules.placeholders ?? {},
    limits: { ...DEFAULT_KIND_LIMITS, ...rules.limits },
    uniqueKinds: new Set(rules.uniqueKinds ?? DEFAULT_UNIQUE_KINDS),
    roleMailboxes: new Set([...(shared.roleMailboxes ?? ROLE_MAILBOXES), ...(shared.extraRoleMailboxes ?? [])].map((r) => r.toLowerCase())),
    nameConflicts: shared.nameConflicts ?? true,
    uniqueConflicts: shared.uniqueConflicts ?? true,
    maxCompanions: shared.maxCompanions ?? 5,
    maxHolders: shared.maxHolders ?? 500,
    maxHolderEvents: shared.maxHolderEvents ?? Math.max(10_000, shared.maxHolders ?? 500),
    maxSenders: rules.references?.maxSenders ?? 2,
    giantValue: rules.giantValue ?? 64,
  }
}

/**
 * The scope a value counts against: the kind, or `kind:<system>` for unique scoped kinds
 * (`crm:hubspot`), so one HubSpot id and one Salesforce id may share a profile.
 * @example limitScope('crm', 'hubspot:42', resolveRules()) // 'crm:hubspot'
 */
export function limitScope(kind: IdentifierKind, value: string, rules: ResolvedRules): string {
  if (!rules.uniqueKinds.has(kind)) return kind
  const colon = value.indexOf(':')
  return colon < 0 ? kind : `${kind}:${value.slice(0, colon)}`
}

/**
 * The most values of a scope one profile may hold.
 * @example scopeLimit('email', resolveRules()) // 5
 */
export function scopeLimit(kind: IdentifierKind, rules: ResolvedRules): number {
  return rules.uniqueKinds.has(kind) ? 1 : rules.limits[kind]
}

/**
 * Whether an email address is a role mailbox (`info@`, `sales@`, ...) under the rules.
 * @example isRoleMailbox('sales@shop.example', resolveRules()) // true
 */
export function isRoleMailbox(email: string, rules: ResolvedRules): boolean {
  const local = email.slice(0, email.lastIndexOf('@')).toLowerCase()
  return rules.roleMailboxes.has(local)
}
