import { type Channel, compareText, type CustomerEvent } from '../events/index.js'
import { type CaseContext, type CaseOptions, resolveCaseOptions } from './case-options.js'
import { caseOwnership, type OwnershipChange } from './case-ownership.js'
import { type GroupedCase, groupCases, type Placement } from './group-cases.js'
import type { BusinessReference } from './reference-patterns.js'
import { detectRepeats, type RepeatSignal } from './repeat-detection.js'
import { type ResponseClock, responseClock } from './response-clock.js'
import { sentimentTrend, type SentimentTrend } from './sentiment-trend.js'
import { PRIORITIES, type Priority } from './sla-policy.js'
import { extractStatedFacts, type StatedFact } from './stated-facts.js'
import { type Commitment, trackCommitments } from './track-commitments.js'

/** Why a case may need a senior pair of eyes, with the events that show it. */
export interface EscalationSignal {
  readonly kind: 'rising-negativity' | 'repeated-contacts' | 'breached-clock' | 'public-complaint' | 'broken-commitment'
  readonly detail: string
  readonly eventIds: readonly string[]
}

/** Who the case is waiting on at `asOf`. */
export interface WaitingOn {
  /** `agent`: the customer waits for an answer or a promise; `customer`: we asked and wait; `nobody`: resolved or quiet. */
  readonly party: 'agent' | 'customer' | 'nobody'
  /** `reply`: an unanswered contact; `promise`: an unkept commitment; `answer`: we asked the customer. */
  readonly for?: 'reply' | 'promise' | 'answer'
  /** The agent owed, for a promise. */
  readonly owedBy?: string
  readonly since?: string
  readonly eventId?: string
}

/** One matter of one customer, across every channel it touched. */
export interface Case {
  /** `case_` + hash of the earliest member event id. */
  readonly id: string
  readonly state: 'open' | 'resolved'
  /** Open, but no activity within the reopen window: the next contact opens a new case. */
  readonly quiet: boolean
  readonly priority: Priority
  readonly openedAt: string
  readonly lastActivityAt: string
  readonly resolvedAt?: string
  readonly reopenedAt: readonly string[]
  readonly eventIds: readonly string[]
  /** Why each event is in this case. */
  readonly placement: Readonly<Record<string, Placement>>
  readonly caseRefs: readonly string[]
  readonly references: readonly BusinessReference[]
  /** The customer's own first words about the matter. */
  readonly issue?: { readonly text: string; readonly eventId: string }
  readonly channels: readonly Channel[]
  /** Customer contacts (messages and calls they made). */
  readonly contacts: number
  readonly owner?: OwnershipChange
  readonly ownerHistory: readonly OwnershipChange[]
  readonly commitments: readonly Commitment[]
  readonly clock: ResponseClock
  readonly waitingOn: WaitingOn
  readonly repeats: readonly RepeatSignal[]
  readonly repeatCount: number
  readonly sentiment: SentimentTrend
  readonly escalation: readonly EscalationSignal[]
  readonly statedFacts: readonly StatedFact[]
}

const isContact = (e: CustomerEvent) => e.direction === 'inbound' && e.actor.role === 'customer' && (e.type === 'message' || e.type === 'call')

/** A post anyone can read, as opposed to a DM: a complaint there is visible to other customers. */
export function isPublicPost(event: CustomerEvent): boolean {
  if (event.channel !== 'x') return false
  const format = event.source.format ?? event.source.system
  return format.includes('post') || format.includes('tweet') || event.data?.public === true || event.data?.visibility === 'public'
}

/**
 * Groups one profile's events into cases and works out, for each, its owner, commitments,
 * response clock, repeats, sentiment and escalation signals at `options.asOf`. Pure: the same
 * events in any order give the same cases and ids.
 * @param events one profile's events (from `engine.events`), in any order
 * @throws ThroughlineError `invalid_options` naming the path and reason
 * @example buildCases(await engine.events({ email: 'ann@example.com' }), { asOf: '2026-11-20T12:00:00Z' })
 */
export function buildCases(events: readonly CustomerEvent[], options: CaseOptions): Case[] {
  return buildCasesWith(events, resolveCaseOptions(options))
}

/** {@link buildCases} with options already resolved, for callers that build briefs too. */
export function buildCasesWith(events: readonly CustomerEvent[], context: CaseContext): Case[] {
  return groupCases(events, context).map((grouped) => describeCached(grouped, context))
}

function eventsAsOf(grouped: GroupedCase, context: CaseContext): readonly CustomerEvent[] {
  const asOf = context.asOf.toISOString()
  const events = grouped.events
  // Usually every member is at or before asOf: skip the copy then.
  for (let i = 0; i < events.length; i++) if ((events[i] as CustomerEvent).occurredAt > asOf) return events.filter((e) => e.occurredAt <= asOf)
  return events
}

function caseStatedFacts(events: readonly CustomerEvent[], context: CaseContext): readonly StatedFact[] {
  // Grouping hands back the same case object (and member array) while nothing touched the case.
  const known = factsOf.get(events)
  if (known && known.matcher === context.matcher && known.region === context.defaultRegion && known.max === context.maxTextLength) return known.facts
  const facts = extractStatedFacts(events, { matcher: context.matcher, defaultRegion: context.defaultRegion, maxTextLength: context.maxTextLength })
  factsOf.set(events, { matcher: context.matcher, region: context.defaultRegion, max: context.maxTextLength, facts })
  return facts
}

const factsOf = new WeakMap<readonly CustomerEvent[], { matcher: CaseContext['matcher']; region: string; max: number; facts: readonly StatedFact[] }>()

/** Everything a case description depends on besides its events, as one string (matcher and calendar compared by identity). */
function contextKey(context: CaseContext): string {
  let key = contextKeys.get(context)
  if (key === undefined) {
    key = JSON.stringify([context.asOf.getTime(), context.reopenWindowMs, context.priority, context.dateOrder, context.repeatThreshold, context.atRiskRatio, context.maxTextLength, context.defaultRegion, context.policies])
    contextKeys.set(context, key)
  }
  return key
}
const contextKeys = new WeakMap<CaseContext, string>()
const described = new WeakMap<GroupedCase, { key: string; matcher: CaseContext['matcher']; calendar: CaseContext['calendar']; case: Case }>()

/** A case nothing touched, described under the same options and `asOf`, is the same description. */
function describeCached(grouped: GroupedCase, context: CaseContext): Case {
  const key = contextKey(context)
  const known = described.get(grouped)
  if (known && known.key === key && known.matcher === context.matcher && known.calendar === context.calendar) return known.case
  const result = describeCase(grouped, context)
  described.set(grouped, { key, matcher: context.matcher, calendar: context.calendar, case: result })
  return result
}

function describeCase(grouped: GroupedCase, context: CaseContext): Case {
  const events = eventsAsOf(grouped, context)
  const priority = casePriority(events, context.priority)
  const ownership = caseOwnership(events)
  const commitments = trackCommitments(grouped.id, events, { ...context, asOf: context.asOf })
  const clock = responseClock(events, { asOf: context.asOf, calendar: context.calendar, policies: context.policies, priority, atRiskRatio: context.atRiskRatio })
  const repeats = detectRepeats(events, { threshold: context.repeatThreshold })
  const sentiment = sentimentTrend(events)
  const contacts = events.filter(isContact)
  const state = grouped.resolvedAt === undefined ? 'open' : 'resolved'
  const quiet = state === 'open' && context.asOf.getTime() - Date.parse(grouped.lastActivityAt) > context.reopenWindowMs
  const firstWords = contacts.find((e) => (e.content?.text ?? '').split(/\s+/u).length >= 4) ?? contacts.find((e) => e.content?.text || e.content?.subject)
  const issueText = (firstWords?.content?.text ?? firstWords?.content?.subject ?? '').replace(/\s+/gu, ' ').trim()
  const escalation = escalationSignals({ clock, repeats, sentiment, commitments, complaints: publicComplaints(contacts, sentiment) })
  return {
    id: grouped.id,
    state,
    quiet,
    priority,
    openedAt: grouped.openedAt,
    lastActivityAt: grouped.lastActivityAt,
    ...(grouped.resolvedAt === undefined ? {} : { resolvedAt: grouped.resolvedAt }),
    reopenedAt: grouped.reopenedAt,
    eventIds: grouped.events.map((e) => e.id),
    placement: grouped.placement,
    caseRefs: grouped.caseRefs,
    references: grouped.references,
    ...(firstWords && issueText ? { issue: { text: issueText, eventId: firstWords.id } } : {}),
    channels: channelsOf(events),
    contacts: contacts.length,
    ...(ownership.owner ? { owner: ownership.owner } : {}),
    ownerHistory: ownership.history,
    commitments,
    clock,
    waitingOn: waitingOn(events, state, quiet, clock, commitments),
    repeats,
    repeatCount: repeats.length,
    sentiment,
    escalation,
    statedFacts: caseStatedFacts(events, context),
  }
}

function channelsOf(events: readonly CustomerEvent[]): Channel[] {
  const channels = new Set<Channel>()
  for (const e of events) if (e.type !== 'action' && e.type !== 'status') channels.add(e.channel)
  return [...channels]
}

function casePriority(events: readonly CustomerEvent[], fallback: Priority): Priority {
  let priority = fallback
  for (const e of events) {
    const p = e.data?.priority
    if (typeof p === 'string' && (PRIORITIES as readonly string[]).includes(p)) priority = p as Priority
  }
  return priority
}

/** Who the case waits on at `asOf`: an unanswered contact, then an unkept promise, then our own question. */
export function waitingOn(events: readonly CustomerEvent[], state: string, quiet: boolean, clock: Pick<ResponseClock, 'waiting'>, commitments: readonly Commitment[]): WaitingOn {
  if (clock.waiting) return { party: 'agent', for: 'reply', since: clock.waiting.startedAt, eventId: clock.waiting.startEventId }
  const owed = commitments.filter((c) => c.status !== 'kept').sort((a, b) => compareText(a.promisedAt, b.promisedAt))[0]
  if (owed && state === 'open') return { party: 'agent', for: 'promise', owedBy: owed.promisedBy.name, since: owed.promisedAt, eventId: owed.sourceEventId }
  if (state === 'resolved' || quiet) return { party: 'nobody' }
  let last: CustomerEvent | undefined
  for (let i = events.length - 1; i >= 0 && !last; i--) {
    const e = events[i] as CustomerEvent
    if (e.type === 'message' || e.type === 'call') last = e
  }
  if (last && last.actor.role !== 'customer') return { party: 'customer', for: 'answer', since: last.occurredAt, eventId: last.id }
  return { party: 'nobody' }
}

/** The customer's contacts that are negative public posts. */
function publicComplaints(contacts: readonly CustomerEvent[], sentiment: SentimentTrend): string[] {
  let negative: Set<string> | undefined
  return contacts.filter((e) => isPublicPost(e) && (negative ??= new Set(sentiment.points.filter((p) => p.score < 0).map((p) => p.eventId))).has(e.id)).map((e) => e.id)
}

/** Why a case may need a senior pair of eyes, from what was worked out about it. */
export function escalationSignals(facts: {
  clock: Pick<ResponseClock, 'waiting'>
  repeats: readonly Pick<RepeatSignal, 'eventId'>[]
  /** The repeats' event ids, when the caller keeps them (a fold does), so they are not mapped again. */
  repeatIds?: readonly string[]
  sentiment: Pick<SentimentTrend, 'direction' | 'recent' | 'points'>
  commitments: readonly Commitment[]
  /** Contacts that are negative public posts, in time order. */
  complaints: readonly string[]
}): EscalationSignal[] {
  const signals: EscalationSignal[] = []
  const { clock, repeats, sentiment, commitments, complaints } = facts
  if (sentiment.direction === 'worsening' && sentiment.recent < 0) {
    signals.push({ kind: 'rising-negativity', detail: `customer tone worsening (recent ${sentiment.recent})`, eventIds: sentiment.points.slice(-3).map((p) => p.eventId) })
  }
  const waitingContacts = clock.waiting?.contactEventIds ?? []
  if (waitingContacts.length >= 3 || repeats.length >= 2) {
    const ids = waitingContacts.length >= 3 ? waitingContacts : (facts.repeatIds ?? repeats.map((r) => r.eventId))
    signals.push({ kind: 'repeated-contacts', detail: `${Math.max(waitingContacts.length, repeats.length)} contacts or repeats without an answer`, eventIds: ids })
  }
  const breached = clock.waiting?.status === 'breached' ? clock.waiting : undefined
  if (breached) signals.push({ kind: 'breached-clock', detail: `response SLA missed (${breached.channels.join(', ')})`, eventIds: breached.contactEventIds })
  if (complaints.length > 0) signals.push({ kind: 'public-complaint', detail: 'negative public post on X', eventIds: [...complaints] })
  const broken = commitments.filter((c) => c.status === 'broken')
  if (broken.length > 0) signals.push({ kind: 'broken-commitment', detail: `${broken.length} promise(s) broken`, eventIds: broken.map((c) => c.sourceEventId) })
  return signals
}
