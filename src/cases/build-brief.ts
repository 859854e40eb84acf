import { z } from 'zod'
import { ThroughlineError, issuesFromZod } from '../errors.js'
import { compareEvents, type CustomerEvent } from '../events/index.js'
import { type Case, outlineCasesWith } from './build-cases.js'
import { formatLocal } from './business-calendar.js'
import { type CaseOptions, CaseOptionsSchema, resolveCaseOptions } from './case-options.js'
import { caseActionOf } from './case-action.js'
import { type ClockStatus, lastResponseWait, type ResponseWait } from './response-clock.js'

/** One line of a brief and the events it was drawn from, so every claim can be checked. */
export interface BriefItem {
  readonly text: string
  readonly eventIds: readonly string[]
}

export interface CaseBrief {
  readonly caseId: string
  readonly headline: BriefItem
  readonly issue?: BriefItem
  readonly references: readonly BriefItem[]
  /** The owner's name, or "unassigned" when no agent ever touched the case. */
  readonly owner: BriefItem
  readonly waiting: BriefItem
  readonly clock: BriefItem & { readonly status: ClockStatus }
  readonly contacts: BriefItem
  readonly repeatCount: number
  readonly sentiment: BriefItem & { readonly direction: 'improving' | 'steady' | 'worsening' }
  /** What agents did and said, one line each, latest last. */
  readonly done: readonly BriefItem[]
  /** Commitments not kept: open, overdue and broken, with owner and due time. */
  readonly commitments: readonly (BriefItem & { readonly status: string; readonly owner: string; readonly dueBy: string })[]
  readonly escalation: readonly BriefItem[]
  readonly lastExchanges: readonly BriefItem[]
}

export interface HandoffBrief {
  readonly asOf: string
  readonly timeZone: string
  readonly profileId?: string
  readonly customer: {
    readonly name?: BriefItem
    readonly identifiers: readonly BriefItem[]
    readonly preferredChannel?: BriefItem
    readonly consent: readonly BriefItem[]
    /** What the customer already told us: never ask again. */
    readonly statedFacts: readonly BriefItem[]
  }
  /** The customer's response clock across all cases and channels. */
  readonly clock: BriefItem & { readonly status: ClockStatus }
  /** Open cases first (latest activity first), then the most recent closed one when none is open. */
  readonly cases: readonly CaseBrief[]
  readonly otherCases: number
}

/** The profile as far as the brief needs it; typed loosely so richer profiles fit. */
export const BriefProfileSchema = z.looseObject({
  id: z.string().optional(),
  identifiers: z.array(z.looseObject({ kind: z.string(), value: z.string(), grade: z.string().optional(), eventId: z.string().optional() })).optional(),
  traits: z.record(z.string(), z.unknown()).optional(),
  preferredChannel: z.union([z.string(), z.looseObject({ value: z.string(), eventId: z.string().optional() })]).optional(),
  consent: z.unknown().optional(),
})
export type BriefProfile = z.input<typeof BriefProfileSchema>

export type BriefInput = CaseOptions & {
  /** One profile's events, in any order. */
  readonly events: readonly CustomerEvent[]
  readonly profile?: BriefProfile | undefined
  /** How many cases the brief details. Default 2, to fit one screen. */
  readonly maxCases?: number
}

const isCanonicalEvent = (e: unknown): e is CustomerEvent =>
  typeof e === 'object' && e !== null && typeof (e as CustomerEvent).id === 'string' && typeof (e as CustomerEvent).occurredAt === 'string' && typeof (e as CustomerEvent).actor === 'object'

function allCanonical(events: unknown): boolean {
  if (!Array.isArray(events)) return false
  // A plain loop, not `every`: a hole in a sparse array is not an event.
  for (let i = 0; i < events.length; i++) if (!isCanonicalEvent(events[i])) return false
  return true
}

const BriefInputSchema = z.object({
  // Events come from the engine, already validated: check their shape cheaply, not field by field.
  events: z.array(z.custom<CustomerEvent>(isCanonicalEvent, 'expected a canonical event (from engine.events or parseEvent)')),
  profile: BriefProfileSchema.optional(),
  maxCases: z.number().int().min(1).max(50).default(2),
})

/**
 * The handoff brief: who the customer is, each open case in their own words, what was done and
 * promised and by whom, who waits on whom and for how long, the clock, repeats and tone, and the
 * last exchanges. Built from events alone (plus an optional profile); every item carries the
 * event ids it was drawn from.
 * @throws ThroughlineError `invalid_options` naming the path and reason
 * @example const brief = buildBrief({ events, asOf: '2026-11-20T12:00:00Z' }); renderBrief(brief, 'text')
 */
export function buildBrief(input: BriefInput): HandoffBrief {
  // A thousand events through zod's array check cost more than the brief itself: the events are
  // checked by the same predicate here, and only a failing input goes through the schema whole
  // (so its issues are exactly the schema's).
  const fast = typeof input === 'object' && input !== null && allCanonical(input.events)
  const checked = BriefInputSchema.safeParse(fast ? { ...input, events: [] } : input)
  if (!checked.success) {
    throw new ThroughlineError('invalid_options', 'cases', `invalid brief input: ${checked.error.issues[0]?.message ?? ''}`, {
      issues: issuesFromZod('invalid_options', checked.error.issues),
    })
  }
  const { events, profile: _profile, maxCases: _max, ...options } = input
  const context = resolveCaseOptions(options as CaseOptions)
  const asOf = context.asOf.toISOString()
  const ordered = events.filter((e) => e.occurredAt <= asOf).sort(compareEvents)
  const profile = checked.data.profile
  // Every case is grouped and outlined (state, quiet, stated facts); only the shown ones are described.
  const cases = outlineCasesWith(ordered, context)
  const tz = context.calendar.timeZone
  const when = (iso: string) => formatLocal(context.calendar, new Date(iso))
  const open = cases.filter((c) => c.state === 'open' && !c.quiet).sort((a, b) => (a.lastActivityAt < b.lastActivityAt ? 1 : -1))
  const shown = open.length > 0 ? open.slice(0, checked.data.maxCases) : cases.slice(-1)
  // The brief shows the customer-wide clock's current wait only: measure that one, not every earlier wait.
  const wait = lastResponseWait(ordered, { asOf: context.asOf, calendar: context.calendar, policies: context.policies, atRiskRatio: context.atRiskRatio })
  const clockStatus: ClockStatus = wait?.status ?? 'na'
  const allFacts = cases.flatMap((c) => c.statedFacts())
  const seenFacts = new Set<string>()
  const statedFacts = allFacts.filter((f) => {
    const key = `${f.kind}:${f.value.toLowerCase()}`
    return seenFacts.has(key) ? false : (seenFacts.add(key), true)
  })
  return {
    asOf,
    timeZone: tz,
    ...(profile?.id ? { profileId: profile.id } : {}),
    customer: customerPart(ordered, profile, statedFacts),
    clock: { ...clockItem(wait, clockStatus, asOf, when), status: clockStatus },
    cases: shown.map((c) => caseBrief(c.describe(), c.grouped.events, asOf, when)),
    otherCases: cases.length - shown.length,
  }
}

function customerPart(events: readonly CustomerEvent[], profile: z.output<typeof BriefProfileSchema> | undefined, facts: Case['statedFacts']): HandoffBrief['customer'] {
  const traitName = profile?.traits?.name
  const nameValue = typeof traitName === 'object' && traitName !== null && 'value' in traitName ? traitName : undefined
  let fromEvents: CustomerEvent | undefined
  for (let i = events.length - 1; i >= 0 && !fromEvents; i--) {
    const e = events[i] as CustomerEvent
    if (e.direction === 'inbound' && typeof e.traits.name === 'string' && e.traits.name) fromEvents = e
  }
  const statedName = facts.find((f) => f.kind === 'name')
  const name: BriefItem | undefined = nameValue
    ? { text: String((nameValue as { value: unknown }).value), eventIds: idList((nameValue as { eventId?: unknown }).eventId) }
    : fromEvents
      ? { text: String(fromEvents.traits.name), eventIds: [fromEvents.id] }
      : statedName
        ? { text: statedName.value, eventIds: [statedName.eventId] }
        : undefined
  const identifiers: BriefItem[] = []
  if (profile?.identifiers) {
    for (const id of profile.identifiers) {
      if (id.grade !== 'verified' && id.grade !== 'channel' && id.grade !== undefined) continue
      identifiers.push({ text: `${id.kind} ${id.value}${id.grade === 'verified' ? ' (verified)' : ''}`, eventIds: idList(id.eventId) })
    }
  } else {
    // Membership by kind, then value: no key string per identifier of every event.
    const seen = new Map<string, Set<string>>()
    const keys = new Set<string>()
    for (const e of events) {
      if (e.direction !== 'inbound') continue
      for (const id of e.identifiers) {
        if (id.grade === 'stated' || id.grade === 'record') continue
        let values = seen.get(id.kind)
        if (!values) seen.set(id.kind, (values = new Set()))
        if (values.has(id.value)) continue
        values.add(id.value)
        const key = `${id.kind} ${id.value}`
        // Distinct (kind, value) pairs can still print alike ("a b" + "c" and "a" + "b c").
        if (keys.has(key)) continue
        keys.add(key)
        identifiers.push({ text: `${key}${id.grade === 'verified' ? ' (verified)' : ''}`, eventIds: [e.id] })
      }
    }
  }
  const pref = profile?.preferredChannel
  const preferredChannel = pref === undefined ? undefined : typeof pref === 'string' ? { text: pref, eventIds: [] } : { text: pref.value, eventIds: idList(pref.eventId) }
  return {
    ...(name ? { name } : {}),
    identifiers: identifiers.slice(0, 6),
    ...(preferredChannel ? { preferredChannel } : {}),
    consent: consentItems(profile?.consent),
    statedFacts: facts.map((f) => ({ text: `${f.kind} ${f.value}`, eventIds: [f.eventId] })),
  }
}

/** Consent as the profile module may shape it: an array of signals or a record per channel. */
function consentItems(consent: unknown): BriefItem[] {
  const entries: { channel: string; purpose?: unknown; granted?: unknown; eventId?: unknown }[] = []
  if (Array.isArray(consent)) entries.push(...consent.filter((c) => typeof c === 'object' && c !== null && 'channel' in c))
  else if (typeof consent === 'object' && consent !== null) {
    for (const [channel, value] of Object.entries(consent)) {
      if (typeof value === 'boolean') entries.push({ channel, granted: value })
      else if (typeof value === 'object' && value !== null) entries.push({ channel, ...(value as object) })
    }
  }
  return entries.slice(0, 8).map((c) => ({
    text: `${c.channel}${typeof c.purpose === 'string' ? ` ${c.purpose}` : ''} ${c.granted === false ? 'no' : c.granted === true ? 'yes' : String(c.granted ?? '?')}`,
    eventIds: idList(c.eventId),
  }))
}

function idList(id: unknown): string[] {
  return typeof id === 'string' ? [id] : []
}

export function duration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes))
  if (m < 60) return `${m}m`
  if (m < 48 * 60) return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`
  return `${Math.floor(m / 1440)}d ${Math.floor((m % 1440) / 60)}h`
}

function clockItem(wait: ResponseWait | undefined, status: ClockStatus, asOf: string, when: (iso: string) => string): BriefItem {
  if (!wait) return { text: 'no customer contact yet', eventIds: [] }
  const label = `${wait.kind} response`
  const ids = [...wait.contactEventIds, ...(wait.answerEventId ? [wait.answerEventId] : [])]
  const budget = wait.budgetMinutes === undefined ? 'no SLA on this channel' : `${duration(wait.budgetMinutes)}${wait.businessHours ? ' business' : ''} budget, ${duration(wait.budgetElapsedMinutes ?? 0)} used`
  if (wait.answeredAt) {
    return { text: `${status.toUpperCase()}: ${label} in ${duration(wait.elapsedMinutes)} by ${wait.answeredBy?.name ?? 'an agent'} (${budget})`, eventIds: ids }
  }
  const due = wait.dueBy ? `, due ${when(wait.dueBy)}` : ''
  return { text: `${status.toUpperCase()}: ${label} pending ${duration((Date.parse(asOf) - Date.parse(wait.startedAt)) / 60_000)}${due} (${budget})`, eventIds: ids }
}

function said(e: CustomerEvent, max = 90): string {
  const raw = (e.content?.text ?? e.content?.subject ?? '').replace(/\s+/gu, ' ').trim()
  if (e.type === 'call') return `call${e.content?.durationSeconds ? ` ${duration(e.content.durationSeconds / 60)}` : ''}${e.content?.status && e.content.status !== 'completed' ? ` (${e.content.status})` : ''}`
  return `"${raw.length > max ? `${raw.slice(0, max - 1)}…` : raw}"`
}

function who(e: CustomerEvent): string {
  return e.actor.role === 'customer' ? 'customer' : (e.actor.name ?? e.actor.id ?? (e.actor.role === 'bot' ? 'bot' : 'unnamed agent'))
}

function caseBrief(c: Case, all: readonly CustomerEvent[], asOf: string, when: (iso: string) => string): CaseBrief {
  const ids = new Set(c.eventIds)
  const events = all.filter((e) => ids.has(e.id))
  const ownerName = c.owner ? `${c.owner.owner.name}${c.owner.via === 'assignment' ? ' (assigned)' : ''}` : 'unassigned'
  const since = (iso: string) => duration((Date.parse(asOf) - Date.parse(iso)) / 60_000)
  const waitingText =
    c.waitingOn.party === 'agent' && c.waitingOn.for === 'promise'
      ? `customer waiting on ${c.waitingOn.owedBy ?? ownerName}'s promise for ${since(c.waitingOn.since ?? asOf)}`
      : c.waitingOn.party === 'agent'
      ? `customer waiting on ${c.owner?.owner.name ?? 'unassigned'} for a reply for ${since(c.waitingOn.since ?? asOf)}`
      : c.waitingOn.party === 'customer'
        ? `waiting on the customer for ${since(c.waitingOn.since ?? asOf)}`
        : c.state === 'resolved'
          ? `resolved ${when(c.resolvedAt ?? asOf)}`
          : 'nobody is waiting'
  const doneEvents = events.filter(
    (e) => (e.actor.role === 'agent' && e.direction !== 'inbound' && e.type !== 'status') || (e.type === 'action' && caseActionOf(e) !== undefined),
  )
  // Only the latest steps get a line of their own; the earlier ones are counted, still traceable.
  const recentDone = doneEvents.length > 4 ? doneEvents.slice(-3) : doneEvents
  const earlierDone = doneEvents.slice(0, doneEvents.length - recentDone.length)
  const done = [
    ...(earlierDone.length > 0 ? [{ text: `(${earlierDone.length} earlier steps)`, eventIds: earlierDone.map((e) => e.id) }] : []),
    ...recentDone.map((e) => ({ text: doneLine(e, when), eventIds: [e.id] })),
  ]
  const unkept = c.commitments.filter((k) => k.status !== 'kept')
  const exchanges: CustomerEvent[] = []
  for (let i = events.length - 1; i >= 0 && exchanges.length < 3; i--) {
    const e = events[i] as CustomerEvent
    if (e.type === 'message' || e.type === 'call') exchanges.unshift(e)
  }
  const channels = c.channels.filter((ch) => ch !== 'system')
  return {
    caseId: c.id,
    headline: {
      text: `${c.state === 'resolved' ? 'RESOLVED' : 'OPEN'}${c.priority === 'normal' ? '' : ` ${c.priority}`} · opened ${when(c.openedAt)}${c.reopenedAt.length > 0 ? ` · reopened ${c.reopenedAt.length}x` : ''}`,
      eventIds: [c.eventIds[0] as string],
    },
    ...(c.issue ? { issue: { text: `"${c.issue.text.length > 140 ? `${c.issue.text.slice(0, 139)}…` : c.issue.text}"`, eventIds: [c.issue.eventId] } } : {}),
    references: [
      ...c.caseRefs.map((r) => ({ text: `case ${r}`, eventIds: events.filter((e) => e.caseRef === r).slice(0, 1).map((e) => e.id) })),
      ...c.references.map((r) => ({ text: `${r.kind} ${r.value}`, eventIds: [r.eventId] })),
    ],
    owner: { text: ownerName, eventIds: c.owner ? [c.owner.eventId] : [] },
    waiting: { text: waitingText, eventIds: c.waitingOn.eventId ? [c.waitingOn.eventId] : [] },
    clock: { ...clockItem(c.clock.waiting ?? c.clock.waits.at(-1), c.clock.status, asOf, when), status: c.clock.status },
    contacts: { text: `${c.contacts} customer contact${c.contacts === 1 ? '' : 's'} via ${channels.join(', ')}`, eventIds: events.filter((e) => e.actor.role === 'customer').map((e) => e.id) },
    repeatCount: c.repeatCount,
    sentiment: {
      text: `${c.sentiment.label}, ${c.sentiment.direction} (recent ${c.sentiment.recent})`,
      eventIds: c.sentiment.points.slice(-3).map((p) => p.eventId),
      direction: c.sentiment.direction,
    },
    done,
    // The latest four unkept promises; a case with more has bigger problems than screen space.
    commitments: unkept
      .slice(-4)
      .map((k) => ({
        text: `${k.status.toUpperCase()} ${k.promisedBy.name}: "${k.what}" due ${when(k.dueBy)}${k.dueInferred ? ' (no time given)' : ''}`,
        eventIds: [k.sourceEventId, ...(k.brokenByEventId ? [k.brokenByEventId] : [])],
        status: k.status,
        owner: k.promisedBy.name,
        dueBy: k.dueBy,
      })),
    escalation: c.escalation.map((s) => ({ text: s.detail, eventIds: s.eventIds })),
    lastExchanges: exchanges.map((e) => ({ text: `${when(e.occurredAt)} ${e.channel} ${who(e)}: ${said(e, 80)}`, eventIds: [e.id] })),
  }
}

function doneLine(e: CustomerEvent, when: (iso: string) => string): string {
  const action = caseActionOf(e)
  const at = when(e.occurredAt)
  if (action?.action === 'assign') return `${at} assigned to ${action.agent.name}`
  if (action?.action === 'commit') return `${at} ${action.promisedBy.name} promised "${action.what}"`
  if (action?.action === 'kept') return `${at} promise marked kept`
  if (action?.action === 'resolve') return `${at} resolved`
  if (action?.action === 'merge') return `${at} merged with case ${action.otherCaseId}`
  if (action?.action === 'split') return `${at} split ${action.eventIds.length} event(s) into a new case`
  return `${at} ${e.type === 'action' ? 'did' : e.channel} ${who(e)}: ${said(e, 70)}`
}
