import { stableHash, type CustomerEvent } from '../events/index.js'
import type { BusinessCalendar } from './business-calendar.js'
import { caseActionOf } from './case-action.js'
import { type AgentName, agentName } from './case-ownership.js'
import { extractCommitments, type Fulfilment } from './extract-commitments.js'

export const COMMITMENT_STATUSES = ['open', 'kept', 'broken', 'overdue'] as const
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number]

/** A promise made to the customer, with a named owner and a due time. */
export interface Commitment {
  /** `cmt_` + hash of the source event id and the promise's position in it. */
  readonly id: string
  readonly caseId: string
  readonly what: string
  readonly promisedBy: AgentName
  readonly promisedAt: string
  readonly dueBy: string
  /** True when the words named no time and the default applied. */
  readonly dueInferred: boolean
  readonly status: CommitmentStatus
  /** The agent message (extracted) or the `commit` action (API) that made the promise. */
  readonly sourceEventId: string
  readonly origin: 'extracted' | 'api'
  readonly fulfil: Fulfilment
  /** The event that kept it: a matching outbound event or a `kept` action. */
  readonly keptByEventId?: string
  /** Kept, but after `dueBy`. */
  readonly late?: boolean
  /** The customer follow-up after `dueBy` that made it broken. */
  readonly brokenByEventId?: string
}

export interface TrackOptions {
  readonly calendar: BusinessCalendar
  readonly asOf: Date
  readonly dateOrder?: 'mdy' | 'dmy'
  readonly maxTextLength?: number
}

type Draft = Omit<Commitment, 'status' | 'keptByEventId' | 'late' | 'brokenByEventId'>

/** Whether a later event keeps a promise of this kind: a call for a call, an email for an email, any human reply for an update. */
function fulfils(fulfil: Fulfilment, event: CustomerEvent): boolean {
  if (event.direction !== 'outbound' || event.actor.role !== 'agent') return false
  if (fulfil === 'email') return event.type === 'message' && event.channel === 'email'
  if (fulfil === 'call') return event.type === 'call' && event.channel === 'voice' && event.content?.status !== 'failed'
  if (fulfil === 'reply') return event.type === 'message' || event.type === 'call'
  return false
}

/**
 * The commitments of one case and their state at `asOf`. Rules, applied in this order:
 * 1. `kept`: a `kept` action names it, or (for email/call/reply promises) a later outbound
 *    agent event of the matching kind in the case, at or before `asOf`. `late` when after `dueBy`.
 * 2. `broken`: not kept, and the customer contacted the case after `dueBy` (they had to chase it).
 * 3. `overdue`: not kept, `asOf` is past `dueBy`, and the customer has not chased yet.
 * 4. `open` otherwise.
 * @param events the case's events in time order
 * @example trackCommitments('case_1', events, { calendar, asOf })[0]?.status // 'open'
 */
export function trackCommitments(caseId: string, events: readonly CustomerEvent[], options: TrackOptions): Commitment[] {
  const asOf = options.asOf.toISOString()
  const fold = commitmentFold(caseId, options)
  for (const event of events) if (event.occurredAt <= asOf) fold.step(event)
  return fold.settle(asOf)
}

/** {@link trackCommitments} as a fold: the promises and the events that may keep or chase them, settled at any `asOf` later than every event stepped. */
export interface CommitmentFold {
  /** Takes the next event of the case, in time order. */
  step(event: CustomerEvent): void
  /** Every promise's state at `asOf` (not earlier than the events stepped). */
  settle(asOf: string): Commitment[]
  /**
   * The promises not kept at `asOf` (not earlier than the events stepped), in the order made:
   * `settle(asOf)` without the kept ones. A promise kept or broken stays so as events are added
   * after it, so only the open and overdue ones are looked at again.
   */
  unkept(asOf: string): Commitment[]
  /** How many promises were made, kept or not. */
  readonly count: number
}

/** Starts a {@link CommitmentFold} for one case; `options.asOf` is not read. */
export function commitmentFold(caseId: string, options: Omit<TrackOptions, 'asOf'>): CommitmentFold {
  const drafts: Draft[] = []
  const keptByAction = new Map<string, CustomerEvent>()
  const byFulfil: Record<Fulfilment, CustomerEvent[]> = { email: [], call: [], reply: [], manual: [] }
  const chases: CustomerEvent[] = []
  const lane: Lanes = { byFulfil, chases }
  /** Promises (by index) neither kept nor broken when last settled; those broken since, in order. */
  const pending: number[] = []
  const broken: [number, Commitment][] = []
  let looked = 0
  let keptActions = 0
  let keptActionsSeen = 0
  const insertBroken = (n: number, result: Commitment) => {
    let at = broken.length
    while (at > 0 && (broken[at - 1] as [number, Commitment])[0] > n) at--
    broken.splice(at, 0, [n, result])
  }
  return {
    get count() {
      return drafts.length
    },
    step(event) {
      for (const kind of ['email', 'call', 'reply'] as const) if (fulfils(kind, event)) byFulfil[kind].push(event)
      if (event.direction === 'inbound' && event.actor.role === 'customer' && event.type !== 'status' && event.type !== 'action') chases.push(event)
      const action = caseActionOf(event)
      if (action?.action === 'commit') {
        drafts.push({
          id: action.commitmentId,
          caseId,
          what: action.what,
          promisedBy: { id: action.promisedBy.id, name: action.promisedBy.name },
          promisedAt: event.occurredAt,
          dueBy: new Date(action.dueBy).toISOString(),
          dueInferred: false,
          sourceEventId: event.id,
          origin: 'api',
          fulfil: action.fulfil,
        })
      } else if (action?.action === 'kept') {
        if (!keptByAction.has(action.commitmentId)) {
          keptByAction.set(action.commitmentId, event)
          keptActions++
        }
      } else if (event.actor.role === 'agent' && event.type !== 'action' && event.direction !== 'inbound' && event.content?.text) {
        const entry = promisesIn(event, event.content.text, options)
        if (entry.found.length === 0) return
        // The drafts of one event are the same while it stays in the same case.
        if (entry.drafts?.caseId !== caseId) {
          entry.drafts = {
            caseId,
            list: entry.found.map((promise, i) => ({
              id: entry.ids[i] as string,
              caseId,
              ...promise,
              what: promise.what,
              promisedBy: agentName(event.actor) ?? { name: 'unnamed agent' },
              promisedAt: event.occurredAt,
              sourceEventId: event.id,
              origin: 'extracted' as const,
            })),
          }
        }
        for (const draft of entry.drafts.list) drafts.push(draft)
      }
    },
    settle(asOf) {
      return drafts.map((draft) => settle(draft, lane, keptByAction.get(draft.id), asOf))
    },
    unkept(asOf) {
      for (; looked < drafts.length; looked++) pending.push(looked)
      if (keptActions !== keptActionsSeen) {
        // A `kept` action keeps even a broken promise: look at those again.
        keptActionsSeen = keptActions
        for (let i = broken.length - 1; i >= 0; i--) {
          const n = (broken[i] as [number, Commitment])[0]
          if (keptByAction.has((drafts[n] as Draft).id)) {
            broken.splice(i, 1)
            pending.push(n)
          }
        }
        pending.sort((a, b) => a - b)
      }
      const open: [number, Commitment][] = []
      let keep = 0
      for (const n of pending) {
        const draft = drafts[n] as Draft
        const result = settle(draft, lane, keptByAction.get(draft.id), asOf)
        if (result.status === 'broken') insertBroken(n, result)
        else if (result.status !== 'kept') {
          pending[keep++] = n
          open.push([n, result])
        }
      }
      pending.length = keep
      // Both lists are in the order made: merge them.
      const merged: Commitment[] = []
      let b = 0
      for (const [n, result] of open) {
        while (b < broken.length && (broken[b] as [number, Commitment])[0] < n) merged.push((broken[b++] as [number, Commitment])[1])
        merged.push(result)
      }
      while (b < broken.length) merged.push((broken[b++] as [number, Commitment])[1])
      return merged
    },
  }
}

/** The promises in a stored (immutable) agent event, extracted once per calendar and reading options. */
interface Extracted {
  readonly calendar: BusinessCalendar
  readonly dateOrder: string | undefined
  readonly max: number | undefined
  readonly found: ReturnType<typeof extractCommitments>
  readonly ids: readonly string[]
  drafts?: { readonly caseId: string; readonly list: readonly Draft[] }
}
const extracted = new WeakMap<CustomerEvent, Extracted>()

function promisesIn(event: CustomerEvent, text: string, options: Omit<TrackOptions, 'asOf'>): Extracted {
  const known = extracted.get(event)
  if (known && known.calendar === options.calendar && known.dateOrder === options.dateOrder && known.max === options.maxTextLength) return known
  const found = extractCommitments(text, new Date(event.occurredAt), options.calendar, options)
  const entry: Extracted = { calendar: options.calendar, dateOrder: options.dateOrder, max: options.maxTextLength, found, ids: found.map((_, i) => `cmt_${stableHash(`${event.id}\u0000${i}`)}`) }
  extracted.set(event, entry)
  return entry
}

/** Index of the first entry strictly later than `time`, by binary search over time-sorted events. */
function firstAfter(list: readonly CustomerEvent[], time: string): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((list[mid] as CustomerEvent).occurredAt <= time) lo = mid + 1
    else hi = mid
  }
  return lo
}

interface Lanes {
  readonly byFulfil: Record<Fulfilment, readonly CustomerEvent[]>
  readonly chases: readonly CustomerEvent[]
}

function settle(draft: Draft, lane: Lanes, keptAction: CustomerEvent | undefined, asOf: string): Commitment {
  const candidates = lane.byFulfil[draft.fulfil]
  const fulfilled = candidates[firstAfter(candidates, draft.promisedAt)]
  const chased = lane.chases[firstAfter(lane.chases, draft.dueBy)]
  const byEvent = fulfilled && fulfilled.occurredAt <= asOf && (!chased || fulfilled.occurredAt <= chased.occurredAt) ? fulfilled : undefined
  const kept = keptAction ?? byEvent
  const status: CommitmentStatus = kept ? 'kept' : chased && chased.occurredAt <= asOf ? 'broken' : asOf > draft.dueBy ? 'overdue' : 'open'
  const keptBy = kept?.id
  const brokenBy = status === 'broken' ? chased?.id : undefined
  // A cached (immutable) draft settled the same way gives the same commitment.
  const known = settled.get(draft)
  const late = kept !== undefined && kept.occurredAt > draft.dueBy ? true : undefined
  if (known && known.status === status && known.keptByEventId === keptBy && known.brokenByEventId === brokenBy && known.late === late) return known
  const result: Commitment = kept
    ? { ...draft, status: 'kept', keptByEventId: kept.id, ...(kept.occurredAt > draft.dueBy ? { late: true } : {}) }
    : status === 'broken'
      ? { ...draft, status: 'broken', brokenByEventId: brokenBy as string }
      : { ...draft, status }
  settled.set(draft, result)
  return result
}

const settled = new WeakMap<Draft, Commitment>()
