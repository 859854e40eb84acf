import { z } from 'zod'
import type { ChannelContext } from '../channels/index.js'
import type { Clock } from '../clock.js'
import { ThroughlineError, issuesFromZod } from '../errors.js'
import { compareEvents, type CustomerEvent, IDENTIFIER_KINDS, identifierKey, normalizeIdentifierValue } from '../events/index.js'
import {
  enrichEvent,
  explainPair,
  explainResolvedProfile,
  type IdentityRules,
  IdentityRulesSchema,
  type IdentityWarning,
  type Matcher,
  MatcherSchema,
  type MergeExplanation,
  type ProfileExplanation,
  resolveRegionDetailed,
  resolveRules,
  type Suggestion,
} from '../identity/index.js'
import type { ProfileOptions } from '../profile/index.js'
import type { Link, Store, StoreReader } from '../store/index.js'
import { collectRegion } from './collect-region.js'
import type { IngestReport } from './ingest.js'
import { type Lookup, resolveLookup } from './lookup.js'
import { pairId } from './match-candidates.js'
import { type RecomputeDeps, recomputeRegion } from './recompute.js'
import { compareRuleOutcomes, type RuleChangeReport } from './rule-change.js'
import { BLOCKED_KEYS_META_KEY, loadBlockedKeys, loadSuggestions, type SuggestionQuery, SuggestionQuerySchema, saveSuggestions } from './suggestion-store.js'

/** `createEngine({ identity })`: the rules, plus a matcher and a warning sink. */
export interface IdentityOptions extends IdentityRules {
  /** Probabilistic matcher for suggestions and match links; see `Matcher`. */
  readonly matcher?: Matcher
  /** Called with each warning of each ingest (giant values), besides `IngestReport.warnings`. */
  readonly onWarning?: (warning: IdentityWarning) => void
}

export const IdentityOptionsSchema = IdentityRulesSchema.extend({
  matcher: MatcherSchema.optional(),
  onWarning: z.custom<(warning: IdentityWarning) => void>((f) => typeof f === 'function', 'expected a function').optional(),
})

/** Split a profile: these events are another person, or this identifier is not evidence. */
export type UnmergeInput = { readonly eventIds: readonly string[] } | { readonly identifier: { readonly kind: string; readonly value: string } }

const UnmergeInputSchema = z.union([
  z.strictObject({ eventIds: z.array(z.string().min(1)).min(1).max(10_000) }),
  z.strictObject({ identifier: z.strictObject({ kind: z.enum(IDENTIFIER_KINDS), value: z.string().min(1) }) }),
])

export interface UnmergeResult {
  /** Profiles of the region after the unmerge; the part holding the earliest event keeps the old id. */
  readonly profileIds: readonly string[]
  /** `different` links recorded (origin `unmerge`). */
  readonly links: number
  /** The identifier key removed as evidence, for an identifier unmerge. */
  readonly blockedKey?: string
}

/** The identity review, explanation, unmerge and rule-change methods of the engine. */
export interface IdentityMethods {
  /** Suggested merges from the matcher, optionally by status, in id order. */
  suggestions(query?: SuggestionQuery): Promise<Suggestion[]>
  /** Accepts a suggestion: a `same` link (origin `review`) joins the two people. */
  acceptSuggestion(id: string): Promise<Suggestion>
  /** Rejects a suggestion: a `different` link (origin `review`) keeps them apart for good. */
  rejectSuggestion(id: string): Promise<Suggestion>
  /** Why two events, profiles or lookups are one person, or what kept them apart; `null` when nothing relates them. */
  explain(a: Lookup, b: Lookup): Promise<MergeExplanation | null>
  /** How the profile a lookup names was formed; `undefined` when nothing matches. */
  explainProfile(lookup: Lookup): Promise<ProfileExplanation | undefined>
  /** Removes evidence from a profile; see {@link UnmergeInput}. */
  unmerge(lookup: Lookup, input: UnmergeInput): Promise<UnmergeResult>
  /** Which profiles would merge or split under other rules; applies nothing. */
  dryRun(rules: IdentityRules): Promise<RuleChangeReport>
  /** Switches this engine to other rules and recomputes every profile. */
  applyRules(rules: IdentityRules): Promise<RuleChangeReport>
}

export interface IdentityInternals {
  /** What every recompute needs under the rules in force now. */
  recomputeDeps(): RecomputeDeps
  /** What ingest passes to recompute, under the rules in force now. */
  ingestDeps(): RecomputeDeps & { readonly enrich: (event: CustomerEvent) => CustomerEvent }
  /** Hands an ingest report's warnings to `onWarning`. */
  report(report: IngestReport): IngestReport
}

function invalid(message: string, error: z.ZodError, path: string): ThroughlineError {
  return new ThroughlineError('invalid_options', 'identity', message, { issues: issuesFromZod('invalid_options', error.issues, [path]) })
}

/**
 * Creates the identity methods of an engine over its store.
 * @throws ThroughlineError `invalid_options` when `options` are malformed
 * @example const { methods } = createIdentityMethods({ store, context, clock, options: { limits: { email: 3 } } })
 */
export function createIdentityMethods(deps: {
  readonly store: Store
  readonly context: ChannelContext
  readonly clock: Clock
  readonly options?: IdentityOptions
  readonly profile?: ProfileOptions
}): { methods: IdentityMethods; internals: IdentityInternals } {
  const { store, context, clock } = deps
  const checked = IdentityOptionsSchema.safeParse(deps.options ?? {})
  if (!checked.success) throw invalid('invalid identity options', checked.error, 'identity')
  const { matcher, onWarning, ...initial } = deps.options ?? {}
  let rules: IdentityRules = initial
  const now = () => clock().toISOString()
  const isOwn = (id: { kind: string; value: string }) =>
    (id.kind === 'email' && (context.ownEmails.has(id.value) || context.ownDomains.has(id.value.slice(id.value.lastIndexOf('@') + 1)))) ||
    (id.kind === 'phone' && context.ownPhones.has(id.value))
  const recomputeDeps = (): RecomputeDeps => ({ rules, now: now(), ...(matcher ? { matcher } : {}), ...(deps.profile ? { profile: deps.profile } : {}) })

  /** The region around some events, resolved under the current rules, for explanations. */
  async function region(reader: StoreReader, eventIds: readonly string[]) {
    const blocked = await loadBlockedKeys(reader)
    // Every value the named events hold, refused ones too, so the explanation can say who else holds them.
    const keys = (await reader.getEvents(eventIds)).flatMap((e) => e.identifiers.map(identifierKey))
    const { events, saturated, verdicts } = await collectRegion(reader, { eventIds, keys }, resolveRules(rules), blocked)
    const links = await reader.getLinks(events.map((e) => e.id))
    // Values the region stopped at are judged on all their holders, as ingest judged them.
    const resolution = resolveRegionDetailed(events, links, rules, { blockedKeys: blocked, holderCounts: saturated, verdicts })
    return { resolution, links, suggestions: await loadSuggestions(reader) }
  }

  /** The event a lookup stands for: itself, or the earliest event of the profile (holding the identifier, if one was named). */
  async function anchorEvent(lookup: Lookup): Promise<string | undefined> {
    if (typeof lookup === 'string' && !lookup.startsWith('prf_')) return (await store.getEvents([lookup]))[0]?.id
    if (typeof lookup === 'object' && lookup.eventId) return (await store.getEvents([lookup.eventId]))[0]?.id
    const profileId = await resolveLookup(store, lookup, context)
    const profile = profileId === undefined ? undefined : (await store.getProfiles([profileId]))[0]
    if (!profile) return undefined
    const events = (await store.getEvents(profile.eventIds)).sort(compareEvents)
    const kind = typeof lookup === 'object' ? IDENTIFIER_KINDS.find((k) => lookup[k] !== undefined) : undefined
    const value = kind ? normalizeIdentifierValue(kind, lookup[kind as keyof typeof lookup] as string, context.normalize) : undefined
    const holder = value === undefined ? undefined : events.find((e) => e.identifiers.some((i) => i.kind === kind && i.value === value))
    return (holder ?? events[0])?.id
  }

  async function decide(id: string, status: 'accepted' | 'rejected'): Promise<Suggestion> {
    return store.transaction(async (tx) => {
      const suggestion = (await loadSuggestions(tx)).find((s) => s.id === id)
      if (!suggestion) throw new ThroughlineError('not_found', 'identity', `no suggestion ${id}`, { issues: [{ code: 'not_found', path: ['id'], message: 'no such suggestion' }] })
      if (suggestion.status === status) return suggestion
      if (suggestion.status !== 'open') {
        throw new ThroughlineError('conflict', 'identity', `suggestion ${id} was already ${suggestion.status}`, {
          issues: [{ code: 'conflict', path: ['id'], message: `already ${suggestion.status}` }],
        })
      }
      if (status === 'accepted') {
        const apart = (await tx.getLinks([suggestion.a])).find(
          (l) => l.kind === 'different' && ((l.a === suggestion.a && l.b === suggestion.b) || (l.a === suggestion.b && l.b === suggestion.a)),
        )
        if (apart) {
          const message = `a recorded decision (${apart.id}, origin ${apart.origin}) says these events are different people`
          throw new ThroughlineError('conflict', 'identity', message, { issues: [{ code: 'conflict', path: ['id'], message }] })
        }
      }
      const decided: Suggestion = { ...suggestion, status, decidedAt: now() }
      const link: Link = {
        id: pairId(status === 'accepted' ? 'lnk_review_same' : 'lnk_review_different', suggestion.a, suggestion.b),
        kind: status === 'accepted' ? 'same' : 'different',
        a: suggestion.a,
        b: suggestion.b,
        origin: 'review',
        score: suggestion.score,
        note: `suggestion ${suggestion.id} by ${suggestion.matcher}`,
        createdAt: decided.decidedAt as string,
      }
      await tx.putLinks([link])
      await saveSuggestions(tx, [decided])
      await recomputeRegion(tx, { touched: [suggestion.a, suggestion.b], cause: `suggestion:${status}` }, recomputeDeps())
      return decided
    })
  }

  async function allEvents(reader: StoreReader): Promise<CustomerEvent[]> {
    const events: CustomerEvent[] = []
    for (let after: string | undefined; ; ) {
      const page = await reader.listProfiles({ ...(after === undefined ? {} : { after }), limit: 500 })
      if (page.length === 0) return events
      events.push(...(await reader.getEvents(page.flatMap((p) => p.eventIds))))
      after = page.at(-1)?.id
    }
  }

  async function dryRun(candidate: IdentityRules): Promise<RuleChangeReport> {
    const parsed = IdentityRulesSchema.safeParse(candidate)
    if (!parsed.success) throw invalid('invalid identity rules', parsed.error, 'rules')
    const events = await allEvents(store)
    const links = await store.getLinks(events.map((e) => e.id))
    const resolution = resolveRegionDetailed(events, links, candidate, { blockedKeys: await loadBlockedKeys(store) })
    return compareRuleOutcomes(await store.listProfiles(), resolution)
  }

  const methods: IdentityMethods = {
    async suggestions(query = {}) {
      const parsed = SuggestionQuerySchema.safeParse(query)
      if (!parsed.success) throw invalid('invalid suggestion query', parsed.error, 'query')
      const listed = (await loadSuggestions(store)).filter((s) => parsed.data.status === undefined || s.status === parsed.data.status)
      // An open suggestion whose events other evidence has since joined needs nobody's review.
      const profileOf = await store.findProfileIds(listed.filter((s) => s.status === 'open').flatMap((s) => [s.a, s.b]))
      return listed.filter((s) => s.status !== 'open' || profileOf.get(s.a) === undefined || profileOf.get(s.a) !== profileOf.get(s.b))
    },
    acceptSuggestion: (id) => decide(id, 'accepted'),
    rejectSuggestion: (id) => decide(id, 'rejected'),
    async explain(a, b) {
      const [from, to] = await Promise.all([anchorEvent(a), anchorEvent(b)])
      if (from === undefined || to === undefined) return null
      const { resolution, links, suggestions } = await region(store, [from, to])
      return explainPair(resolution, links, suggestions, from, to)
    },
    async explainProfile(lookup) {
      const anchor = await anchorEvent(lookup)
      if (anchor === undefined) return undefined
      const members = (await store.getProfiles([...(await store.findProfileIds([anchor])).values()]))[0]?.eventIds ?? [anchor]
      const { resolution, links, suggestions } = await region(store, members)
      const profile = resolution.profiles.find((p) => p.eventIds.includes(anchor))
      return profile ? explainResolvedProfile(resolution, profile.id, links, suggestions) : undefined
    },
    async unmerge(lookup, input) {
      const parsed = UnmergeInputSchema.safeParse(input)
      if (!parsed.success) throw invalid('invalid unmerge', parsed.error, 'unmerge')
      const profileId = await resolveLookup(store, lookup, context)
      const profile = profileId === undefined ? undefined : (await store.getProfiles([profileId]))[0]
      if (!profile) throw new ThroughlineError('not_found', 'identity', 'the lookup names no profile', { issues: [{ code: 'not_found', path: ['lookup'], message: 'no profile' }] })
      const members = new Set(profile.eventIds)
      return store.transaction(async (tx) => {
        if ('eventIds' in parsed.data) {
          const split = [...new Set(parsed.data.eventIds)].sort()
          const stray = split.findIndex((id) => !members.has(id))
          if (stray >= 0 || split.length === members.size) {
            const message = stray >= 0 ? `event ${split[stray]} is not in profile ${profile.id}` : 'an unmerge must leave some events in the profile'
            throw new ThroughlineError('conflict', 'identity', message, { issues: [{ code: 'conflict', path: ['unmerge', 'eventIds'], message }] })
          }
          const kept = profile.eventIds.filter((id) => !split.includes(id))
          if (kept.length * split.length > 50_000) {
            const message = 'an unmerge may record at most 50,000 event pairs; split the profile in steps'
            throw new ThroughlineError('invalid_options', 'identity', message, { issues: [{ code: 'invalid_options', path: ['unmerge', 'eventIds'], message }] })
          }
          // Every split event against every kept one: no later evidence can reunite any two of them.
          const at = now()
          const links: Link[] = split.flatMap((a) =>
            kept.map((b) => ({ id: pairId('lnk_unmerge', a, b), kind: 'different' as const, a, b, origin: 'unmerge' as const, note: `unmerge of ${profile.id}`, createdAt: at })),
          )
          await tx.putLinks(links)
          const result = await recomputeRegion(tx, { touched: profile.eventIds, cause: 'unmerge' }, recomputeDeps())
          return { profileIds: result.profileIds, links: links.length }
        }
        const { kind, value: raw } = parsed.data.identifier
        const value = normalizeIdentifierValue(kind, raw, context.normalize)
        const key = value === undefined ? undefined : identifierKey({ kind, value })
        const held = key !== undefined && (await tx.getEvents(profile.eventIds)).some((e) => e.identifiers.some((i) => identifierKey(i) === key))
        if (!held) {
          const message = `profile ${profile.id} holds no ${kind} "${raw}"`
          throw new ThroughlineError('not_found', 'identity', message, { issues: [{ code: 'not_found', path: ['unmerge', 'identifier'], message }] })
        }
        const blocked = await loadBlockedKeys(tx)
        blocked.add(key as string)
        await tx.putMeta(BLOCKED_KEYS_META_KEY, [...blocked].sort())
        const result = await recomputeRegion(tx, { touched: profile.eventIds, keys: [key as string], cause: 'unmerge' }, recomputeDeps())
        return { profileIds: result.profileIds, links: 0, blockedKey: key as string }
      })
    },
    dryRun,
    async applyRules(candidate) {
      const report = await dryRun(candidate)
      rules = candidate
      await store.transaction(async (tx) => {
        const events = await allEvents(tx)
        await recomputeRegion(tx, { touched: events.map((e) => e.id), cause: 'rules' }, recomputeDeps())
      })
      return report
    },
  }

  const internals: IdentityInternals = {
    recomputeDeps,
    ingestDeps: () => ({ ...recomputeDeps(), enrich: (event) => enrichEvent(event, { rules, normalize: context.normalize, isOwn }) }),
    report(report) {
      if (onWarning) for (const warning of report.warnings) onWarning(warning)
      return report
    },
  }
  return { methods, internals }
}
