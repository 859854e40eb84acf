import { z } from 'zod'
import { type ChannelContext, type ChannelContextInput, createChannelContext } from '../channels/index.js'
import { type Clock, systemClock } from '../clock.js'
import { ThroughlineError, issuesFromZod } from '../errors.js'
import { type CustomerEvent, compareEvents } from '../events/index.js'
import type { MergeExplanation } from '../identity/index.js'
import type { Profile } from '../profile/index.js'
import { createMemoryStore, type Store } from '../store/index.js'
import { buildTimeline, type TimelineEntry } from '../timeline/index.js'
import { createIdentityMethods, type IdentityMethods, type IdentityOptions, IdentityOptionsSchema } from './identity-methods.js'
import { type CaseMethods, caseMethods } from './case-methods.js'
import { type IngestOptions, type IngestReport, ingestBatch } from './ingest.js'
import { type Lookup, resolveLookup } from './lookup.js'
import { observeChanges } from './change-feed.js'
import { checkProfileEngineOptions, type EngineInternals, type ProfileEngineOptions } from './engine-internals.js'
import { createEraseMethods, type EraseMethods } from './erase.js'
import { createProfileMethods, type ProfileMethods } from './profile-methods.js'
import { createSuppressionScreen } from './suppression.js'

export interface EngineOptions extends ProfileEngineOptions {
  /** The company's own addresses, numbers, accounts and agents, and normalization rules. */
  readonly context?: ChannelContextInput
  /** Where events and projections live. Default: a new memory store. */
  readonly store?: Store
  /** Where time comes from. Default: the system clock. */
  readonly clock?: Clock
  /** Rules for identity resolution, a matcher and a warning sink; see `docs/identity.md`. */
  readonly identity?: IdentityOptions
}

const EngineOptionsSchema = z.object({
  context: z.unknown().optional(),
  store: z.custom<Store>((s) => typeof s === 'object' && s !== null && typeof (s as Store).transaction === 'function', 'expected a Store').optional(),
  clock: z.custom<Clock>((c) => typeof c === 'function', 'expected a function returning a Date').optional(),
  identity: IdentityOptionsSchema.optional(),
})

/** One view of each customer: ingest events, read profiles, timelines and why people were joined. */
export interface Engine extends ProfileMethods, EraseMethods, CaseMethods, Omit<IdentityMethods, 'explain'> {
  /** The resolved channel context to pass to `adapt`. */
  readonly context: ChannelContext
  readonly store: Store
  /**
   * Stores a batch of canonical events or `{ format, payload }` inputs, and rebuilds the
   * profiles they touch. Never throws for bad input: each rejected input is in the report.
   */
  ingest(inputs: readonly unknown[], options?: IngestOptions): Promise<IngestReport>
  /** The profile a lookup names, or `undefined` when nothing matches. */
  profile(lookup: Lookup): Promise<Profile | undefined>
  /** Every event of the person, all channels, in time order; empty when nothing matches. */
  timeline(lookup: Lookup): Promise<TimelineEntry[]>
  /** The person's stored events, in time order. */
  events(lookup: Lookup): Promise<CustomerEvent[]>
  /**
   * The evidence path that made two events (or profiles, or lookups) one person, with the
   * evidence a rule refused between them; `null` when they are two people and nothing relates them.
   */
  explain(a: Lookup, b: Lookup): Promise<MergeExplanation | null>
}

/**
 * Creates an engine over a store (memory by default).
 * @throws ThroughlineError `invalid_options` naming the offending option
 * @example
 * const engine = createEngine({ context: { ownEmails: ['support@acme.example'] } })
 * await engine.ingest(adapt('email.postal-mime', email, engine.context))
 * const profile = await engine.profile({ email: 'ann@example.com' })
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const checked = EngineOptionsSchema.safeParse(options)
  if (!checked.success) {
    throw new ThroughlineError('invalid_options', 'engine', 'invalid engine options', { issues: issuesFromZod('invalid_options', checked.error.issues) })
  }
  checkProfileEngineOptions(options)
  const context = createChannelContext(options.context)
  const feed = observeChanges(options.store ?? createMemoryStore(), options.onError)
  const store = feed.store
  const clock = options.clock ?? systemClock
  const identity = createIdentityMethods({
    store,
    context,
    clock,
    ...(options.identity ? { options: options.identity } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  })
  const rules = options.identity ?? {}
  const screen = createSuppressionScreen(options.erasure?.salt)
  // The identity methods own the rules in force (applyRules changes them) and the matcher.
  const recomputeDeps = () => identity.internals.recomputeDeps()
  const ingest = (inputs: readonly unknown[], ingestOptions?: IngestOptions) =>
    ingestBatch(store, inputs, context, { ...identity.internals.ingestDeps(), screen }, ingestOptions).then(identity.internals.report)
  const internals: EngineInternals = { store, context, clock, rules, options, feed, recomputeDeps, ingest }

  async function profileRecord(lookup: Lookup) {
    const id = await resolveLookup(store, lookup, context)
    return id === undefined ? undefined : (await store.getProfiles([id]))[0]
  }
  async function events(lookup: Lookup): Promise<CustomerEvent[]> {
    const record = await profileRecord(lookup)
    return record ? (await store.getEvents(record.eventIds)).sort(compareEvents) : []
  }


  return {
    context,
    store,
    ingest: (inputs, ingestOptions) => {
      if (!Array.isArray(inputs)) {
        throw new ThroughlineError('invalid_event', 'engine', 'ingest takes an array of events or { format, payload } inputs', {
          issues: [{ code: 'invalid_event', path: [], message: 'expected an array' }],
        })
      }
      return ingest(inputs, ingestOptions)
    },
    async profile(lookup) {
      return (await profileRecord(lookup))?.snapshot as Profile | undefined
    },
    async timeline(lookup) {
      return buildTimeline(await events(lookup))
    },
    events,
    ...createProfileMethods(internals),
    ...createEraseMethods(internals),
    ...caseMethods({ store, context, clock, ingest, events, profileRecord }),
    ...identity.methods,
  }
}
