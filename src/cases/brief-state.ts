import type { z } from 'zod'
import { compareEvents, type CustomerEvent } from '../events/index.js'
import { clockItem, customerFold, customerPart, doneLine, duration, said, who } from './brief-lines.js'
import type { BriefItem, BriefProfileSchema, CaseBrief, HandoffBrief } from './brief-types.js'
import { escalationSignals, waitingOn } from './build-cases.js'
import { formatLocal } from './business-calendar.js'
import { type CaseFold, caseFold } from './case-fold.js'
import type { CaseContext } from './case-options.js'
import { createGrouping, type Grouping, type LiveCase, undoneIn } from './group-cases.js'
import { type ClockStatus, type ClockOptions, waitFold } from './response-clock.js'

/**
 * One profile's brief, kept between calls. Events are folded in once, in time order; a call at
 * `asOf` then settles only what depends on `asOf` (clocks, promises, quiet cases, durations).
 * The result equals `buildBrief` over the same events at the same `asOf`, whatever the split of
 * the events into appends (a property test holds it to that).
 */
export interface BriefState {
  /** The events folded in, in time order. */
  readonly events: readonly CustomerEvent[]
  /**
   * Folds in events that all sort after every event seen (in time order among themselves).
   * @returns false, changing nothing, when they do not, or when they would change how earlier
   *   events were grouped (an undo, a late `about` target): build a new state then.
   */
  append(events: readonly CustomerEvent[]): boolean
  /** The brief at `asOf`, which must not be earlier than the latest event folded in. */
  brief(asOf: Date, profile: z.output<typeof BriefProfileSchema> | undefined, maxCases: number): HandoffBrief
}

/**
 * Starts a brief state under resolved case options (their `asOf` is not read).
 * @param events one profile's events, in time order (`compareEvents`)
 */
export function createBriefState(context: CaseContext, events: readonly CustomerEvent[] = []): BriefState {
  const ordered: CustomerEvent[] = []
  const grouping: Grouping = createGrouping(context, undoneIn(events))
  const customer = customerFold()
  const wait = waitFold()
  let folds = new Map<number, CaseFold>()

  const fold = (added: readonly CustomerEvent[]) => {
    for (const event of added) {
      ordered.push(event)
      customer.step(event)
      wait.step(event)
    }
    grouping.extend(ordered)
  }
  fold(events)

  /** The cases as they stand, each fold caught up or started again, in `groupCases` order. */
  const cases = (): { fold: CaseFold; live: LiveCase }[] => {
    const next = new Map<number, CaseFold>()
    const found: { fold: CaseFold; live: LiveCase }[] = []
    const sorted = !grouping.settled
    for (const live of grouping.live()) {
      let known = folds.get(live.slot)
      // Deferred events were pushed out of time order once grouping settled: fold those cases again.
      if (sorted && known?.fits(live)) known.catchUp(live)
      else known = caseFold(live, grouping, context, sorted)
      next.set(live.slot, known)
      found.push({ fold: known, live })
    }
    folds = next
    return found.sort(({ fold: a }, { fold: b }) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.id < b.id ? -1 : 1))
  }

  return {
    events: ordered,
    append(added) {
      if (added.length === 0) return true
      const last = ordered.at(-1)
      if (last && compareEvents(last, added[0] as CustomerEvent) >= 0) return false
      for (let i = 1; i < added.length; i++) if (compareEvents(added[i - 1] as CustomerEvent, added[i] as CustomerEvent) >= 0) return false
      if (!grouping.canAppend(added)) return false
      fold(added)
      return true
    },
    brief(asOfDate, profile, maxCases) {
      const asOf = asOfDate.toISOString()
      const all = cases().map(({ fold: c, live }) => {
        const state = live.resolvedAt === undefined ? 'open' : 'resolved'
        const quiet = state === 'open' && asOfDate.getTime() - Date.parse(c.lastActivityAt) > context.reopenWindowMs
        return { c, live, state, quiet, lastActivityAt: c.lastActivityAt }
      })
      const when = (iso: string) => formatLocal(context.calendar, new Date(iso))
      const open = all.filter((c) => c.state === 'open' && !c.quiet).sort((a, b) => (a.lastActivityAt < b.lastActivityAt ? 1 : -1))
      const shown = open.length > 0 ? open.slice(0, maxCases) : all.slice(-1)
      // The brief shows the customer-wide clock's current wait only: measure that one, not every earlier wait.
      const current = wait.last({ asOf: asOfDate, calendar: context.calendar, policies: context.policies, atRiskRatio: context.atRiskRatio })
      const clockStatus: ClockStatus = current?.status ?? 'na'
      const seenFacts = new Set<string>()
      const statedFacts = all.flatMap(({ c }) => c.facts.facts).filter((f) => {
        const key = `${f.kind}:${f.value.toLowerCase()}`
        return seenFacts.has(key) ? false : (seenFacts.add(key), true)
      })
      return {
        asOf,
        timeZone: context.calendar.timeZone,
        ...(profile?.id ? { profileId: profile.id } : {}),
        customer: customerPart(customer, profile, statedFacts),
        clock: { ...clockItem(current, clockStatus, asOf, when), status: clockStatus },
        cases: shown.map(({ c, live, quiet }) => caseBrief(c, live.resolvedAt, live.reopenedAt, quiet, asOfDate, when)),
        otherCases: all.length - shown.length,
      }
    },
  }

  function caseBrief(c: CaseFold, resolved: string | undefined, reopened: readonly string[], isQuiet: boolean, asOfDate: Date, when: (iso: string) => string): CaseBrief {
    const asOf = asOfDate.toISOString()
    const state = resolved === undefined ? 'open' : 'resolved'
    const priority = c.priority ?? context.priority
    const clockOptions: ClockOptions = { asOf: asOfDate, calendar: context.calendar, policies: context.policies, priority, atRiskRatio: context.atRiskRatio }
    const last = c.clock.last(clockOptions)
    // A closed wait always has its answer: an unanswered one is the wait still open.
    const waiting = last && last.answeredAt === undefined ? last : undefined
    const clockStatus: ClockStatus = last?.status ?? 'na'
    // Only promises not kept show, and only those decide who is waiting and what is broken.
    const commitments = c.commitments.unkept(asOf)
    const sentiment = c.sentiment.result()
    const waitingFor = waitingOn(c.members, state, isQuiet, { ...(waiting ? { waiting } : {}) }, commitments)
    const escalation = escalationSignals({ clock: { ...(waiting ? { waiting } : {}) }, repeats: c.repeats.signals, repeatIds: c.repeatIds, sentiment, commitments, complaints: c.complaints })
    const owner = c.ownership.owner
    const firstWords = c.firstLong ?? c.firstAny
    const issueText = (firstWords?.content?.text ?? firstWords?.content?.subject ?? '').replace(/\s+/gu, ' ').trim()
    const ownerName = owner ? `${owner.owner.name}${owner.via === 'assignment' ? ' (assigned)' : ''}` : 'unassigned'
    const since = (iso: string) => duration((Date.parse(asOf) - Date.parse(iso)) / 60_000)
    const waitingText =
      waitingFor.party === 'agent' && waitingFor.for === 'promise'
        ? `customer waiting on ${waitingFor.owedBy ?? ownerName}'s promise for ${since(waitingFor.since ?? asOf)}`
        : waitingFor.party === 'agent'
          ? `customer waiting on ${owner?.owner.name ?? 'unassigned'} for a reply for ${since(waitingFor.since ?? asOf)}`
          : waitingFor.party === 'customer'
            ? `waiting on the customer for ${since(waitingFor.since ?? asOf)}`
            : state === 'resolved'
              ? `resolved ${when(resolved ?? asOf)}`
              : 'nobody is waiting'
    // Only the latest steps get a line of their own; the earlier ones are counted, still traceable.
    const doneCount = c.done.length
    const recentDone = doneCount > 4 ? c.done.slice(-3) : [...c.done]
    const earlier = doneCount - recentDone.length
    const done: BriefItem[] = [
      ...(earlier > 0 ? [{ text: `(${earlier} earlier steps)`, eventIds: c.doneIds.slice(0, earlier) }] : []),
      ...recentDone.map((e) => ({ text: doneLine(e, when), eventIds: [e.id] })),
    ]
    const unkept = commitments
    const channels = [...c.channels].filter((ch) => ch !== 'system')
    const points = sentiment.points
    return {
      caseId: c.id,
      headline: {
        text: `${state === 'resolved' ? 'RESOLVED' : 'OPEN'}${priority === 'normal' ? '' : ` ${priority}`} · opened ${when(c.openedAt)}${reopened.length > 0 ? ` · reopened ${reopened.length}x` : ''}`,
        eventIds: [(c.members[0] as CustomerEvent).id],
      },
      ...(firstWords && issueText ? { issue: { text: `"${issueText.length > 140 ? `${issueText.slice(0, 139)}…` : issueText}"`, eventIds: [firstWords.id] } } : {}),
      references: [
        ...[...c.caseRefs].map(([r, eventId]) => ({ text: `case ${r}`, eventIds: [eventId] })),
        ...c.references.map((r) => ({ text: `${r.kind} ${r.value}`, eventIds: [r.eventId] })),
      ],
      owner: { text: ownerName, eventIds: owner ? [owner.eventId] : [] },
      waiting: { text: waitingText, eventIds: waitingFor.eventId ? [waitingFor.eventId] : [] },
      clock: { ...clockItem(last, clockStatus, asOf, when), status: clockStatus },
      contacts: { text: `${c.contacts} customer contact${c.contacts === 1 ? '' : 's'} via ${channels.join(', ')}`, eventIds: c.customerIds.slice() },
      repeatCount: c.repeats.signals.length,
      sentiment: {
        text: `${sentiment.label}, ${sentiment.direction} (recent ${sentiment.recent})`,
        eventIds: points.slice(-3).map((p) => p.eventId),
        direction: sentiment.direction,
      },
      done,
      // The latest four unkept promises; a case with more has bigger problems than screen space.
      commitments: unkept.slice(-4).map((k) => ({
        text: `${k.status.toUpperCase()} ${k.promisedBy.name}: "${k.what}" due ${when(k.dueBy)}${k.dueInferred ? ' (no time given)' : ''}`,
        eventIds: [k.sourceEventId, ...(k.brokenByEventId ? [k.brokenByEventId] : [])],
        status: k.status,
        owner: k.promisedBy.name,
        dueBy: k.dueBy,
      })),
      escalation: escalation.map((s) => ({ text: s.detail, eventIds: s.eventIds.slice() })),
      lastExchanges: c.exchanges.map((e) => ({ text: `${when(e.occurredAt)} ${e.channel} ${who(e)}: ${said(e, 80)}`, eventIds: [e.id] })),
    }
  }
}
