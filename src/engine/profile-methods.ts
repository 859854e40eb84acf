import { z } from 'zod'
import { ThroughlineError, issuesFromZod } from '../errors.js'
import { ActorSchema, type Actor, CONSENT_PURPOSES, type ConsentPurpose, type ConsentSignal, eventIdFor, identifierKey, IDENTIFIER_KINDS, type IdentifierKind, normalizeIdentifierValue } from '../events/index.js'
import {
  CONTACT_CHANNELS,
  type ContactChannel,
  type ContactDecision,
  type ContactPurpose,
  ContactQuerySchema,
  decideContact,
  DO_NOT_CONTACT_ACTION,
  PREFERRED_CHANNEL_ACTION,
  type Profile,
} from '../profile/index.js'
import type { ChangeRecord } from '../store/index.js'
import { actionEvent, anchorEvent } from './action-event.js'
import type { ChangeSubscriber } from './change-feed.js'
import type { EngineInternals } from './engine-internals.js'
import { type Lookup, LookupSchema, resolveLookup } from './lookup.js'
import { SALT_CHECK_KEY, suppressionHash } from './suppression.js'

/** A consent change made through the API: an opt-in or opt-out for a channel (or `any`) and purpose. */
export interface ConsentChange {
  readonly channel: ContactChannel | 'any'
  readonly purpose: ConsentPurpose
  readonly granted: boolean
  /** Where it was captured: `preference-center`, `agent-desktop`, ... Shown as the consent's source. */
  readonly source?: string
  /** Who made it: `{ role: 'agent', id }` or a system. Default `{ role: 'system' }`. */
  readonly actor?: ApiActor
}

/** Who changes consent or preferences through the API. */
export type ApiActor = Actor & { readonly role: 'system' | 'agent' }

/** Options shared by the API actions. */
export interface ActionOptions {
  /** Where the change was captured: `preference-center`, `agent-desktop`, ... */
  readonly source?: string
  readonly actor?: ApiActor
}

/** What an API action recorded: its event in the log and the person's profile after it. */
export interface ActionResult {
  readonly eventId: string
  readonly profile: Profile
}

export interface ChangesOptions {
  /** Return changes with `seq` greater than this. Default 0 (from the start). */
  readonly since?: number
  /** At most this many. Default 1,000. */
  readonly limit?: number
}

export interface ProfileMethods {
  /**
   * The change feed: RFC 6902 patches of every profile change, in `seq` order.
   * @example for (const c of await engine.changes({ since: lastSeq })) mirror.apply(c)
   */
  changes(options?: ChangesOptions): Promise<ChangeRecord[]>
  /**
   * Calls `callback` after each committed transaction with its change records, in order. A
   * callback that throws is reported to the `onError` engine option; the write still succeeds.
   * @returns a function that ends the subscription
   * @example const stop = engine.subscribe((records) => records.forEach(applyToCrm))
   */
  subscribe(callback: ChangeSubscriber): () => void
  /**
   * Whether the person may be contacted on a channel for a purpose, and why.
   * @throws ThroughlineError `invalid_lookup` for a malformed lookup, `invalid_options` for a bad query
   * @example await engine.canContact({ email: 'ann@example.com' }, { channel: 'email', purpose: 'marketing' })
   */
  canContact(lookup: Lookup, query: { readonly channel: ContactChannel; readonly purpose: ContactPurpose }): Promise<ContactDecision>
  /**
   * Records an opt-in or opt-out as an `action` event in the person's log.
   * @throws ThroughlineError `not_found` when the lookup names nobody
   * @example await engine.setConsent({ phone: '+14155550100' }, { channel: 'sms', purpose: 'marketing', granted: false })
   */
  setConsent(lookup: Lookup, change: ConsentChange): Promise<ActionResult>
  /**
   * Overrides the learned preferred channel; `null` goes back to learning it from behaviour.
   * @example await engine.setPreferredChannel({ email: 'ann@example.com' }, 'sms')
   */
  setPreferredChannel(lookup: Lookup, channel: ContactChannel | null, options?: ActionOptions): Promise<ActionResult>
  /**
   * Sets the do-not-contact flag, which refuses every channel and purpose; `{ value: false }` lifts it.
   * @example await engine.doNotContact({ email: 'ann@example.com' })
   */
  doNotContact(lookup: Lookup, options?: ActionOptions & { readonly value?: boolean }): Promise<ActionResult>
}

// Changes made through the API are made by the company: a system or a named agent, never "the customer".
const ApiActorSchema = ActorSchema.extend({ role: z.enum(['system', 'agent']) })
const ActionOptionsShape = { source: z.string().min(1).max(128).optional(), actor: ApiActorSchema.optional() }
const ConsentChangeSchema = z.strictObject({ channel: z.union([z.enum(CONTACT_CHANNELS), z.literal('any')]), purpose: z.enum(CONSENT_PURPOSES), granted: z.boolean(), ...ActionOptionsShape })
const ChangesOptionsSchema = z.strictObject({ since: z.number().int().nonnegative().optional(), limit: z.number().int().positive().max(100_000).optional() })

function parse<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const checked = schema.safeParse(value)
  if (!checked.success) throw new ThroughlineError('invalid_options', 'engine', `invalid ${name}`, { issues: issuesFromZod('invalid_options', checked.error.issues, [name]) })
  return checked.data
}

/** Creates the change feed, consent and preference methods over the engine's internals. */
export function createProfileMethods(internals: EngineInternals): ProfileMethods {
  const { store, context } = internals

  async function record(lookup: Lookup, action: string, args: { consent?: ConsentSignal[]; data?: Record<string, unknown> } & ActionOptions): Promise<ActionResult> {
    const profileId = await resolveLookup(store, lookup, context)
    const [profile] = profileId === undefined ? [] : await store.getProfiles([profileId])
    const anchor = profile && anchorEvent(await store.getEvents(profile.eventIds))
    if (!anchor) throw new ThroughlineError('not_found', 'engine', 'the lookup names no stored person', { issues: [{ code: 'not_found', path: ['lookup'], message: 'no profile matches' }] })
    const event = actionEvent({ action, about: anchor.id, occurredAt: internals.clock().toISOString(), ...args })
    const report = await internals.ingest([event], { cause: action })
    const rejected = report.rejected[0]
    if (rejected) throw new ThroughlineError(rejected.code, 'engine', rejected.message, { issues: rejected.issues })
    // A retried call is a duplicate of the first: same source id, so the same event id.
    const eventId = eventIdFor(event.source.system, event.source.id)
    const afterId = await resolveLookup(store, { eventId }, context)
    const [after] = afterId === undefined ? [] : await store.getProfiles([afterId])
    return { eventId, profile: after?.snapshot as Profile }
  }

  return {
    async changes(options = {}) {
      const { since, limit } = parse(ChangesOptionsSchema, options, 'options')
      return store.getChanges(since ?? 0, limit ?? 1_000)
    },
    subscribe(callback) {
      if (typeof callback !== 'function') parse(z.custom(() => false, 'expected a function'), callback, 'callback')
      return internals.feed.subscribe(callback)
    },
    async canContact(lookup, query) {
      const { channel, purpose } = parse(ContactQuerySchema, query, 'query')
      if (await isSuppressed(lookup)) return { allowed: false, reason: 'erased' }
      const profileId = await resolveLookup(store, lookup, context)
      const [profile] = profileId === undefined ? [] : await store.getProfiles([profileId])
      if (!profile) return { allowed: false, reason: 'unknown_person' }
      return decideContact(profile.snapshot as Profile, channel, purpose, internals.options.profile?.consent)
    },
    async setConsent(lookup, change) {
      const { channel, purpose, granted, ...rest } = parse(ConsentChangeSchema, change, 'change')
      return record(lookup, 'consent', { consent: [{ channel, purpose, granted }], ...defined(rest) })
    },
    async setPreferredChannel(lookup, channel, options = {}) {
      parse(z.enum(CONTACT_CHANNELS).nullable(), channel, 'channel')
      return record(lookup, PREFERRED_CHANNEL_ACTION, { data: { channel }, ...defined(parse(z.strictObject(ActionOptionsShape), options, 'options')) })
    },
    async doNotContact(lookup, options = {}) {
      const { value, ...rest } = parse(z.strictObject({ value: z.boolean().optional(), ...ActionOptionsShape }), options, 'options')
      return record(lookup, DO_NOT_CONTACT_ACTION, { data: { value: value ?? true }, ...defined(rest) })
    },
  }

  /** Whether an identifier lookup names an erased person, so they are refused rather than unknown. */
  async function isSuppressed(lookup: Lookup): Promise<boolean> {
    const salt = internals.options.erasure?.salt
    const parsed = LookupSchema.safeParse(lookup)
    if (salt === undefined || !parsed.success || typeof parsed.data === 'string' || (await store.getMeta(SALT_CHECK_KEY)) === undefined) return false
    const value = parsed.data
    const kind = IDENTIFIER_KINDS.find((k) => value[k] !== undefined) as IdentifierKind | undefined
    const normalized = kind && normalizeIdentifierValue(kind, value[kind] as string, context.normalize)
    if (!kind || !normalized) return false
    return (await store.getSuppressions([suppressionHash(salt, identifierKey({ kind, value: normalized }))])).length > 0
  }
}

/** Drops keys whose value is `undefined`, which `exactOptionalPropertyTypes` does not let through. */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> }
}
