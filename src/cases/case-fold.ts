import { type Channel, compareEvents, type CustomerEvent } from '../events/index.js'
import { isPublicPost } from './build-cases.js'
import { caseActionOf } from './case-action.js'
import type { CaseContext } from './case-options.js'
import { ownershipFold } from './case-ownership.js'
import { caseIdFor, type Grouping, type LiveCase } from './group-cases.js'
import type { BusinessReference } from './reference-patterns.js'
import { repeatFold } from './repeat-detection.js'
import { waitFold } from './response-clock.js'
import { sentimentFold } from './sentiment-trend.js'
import { PRIORITIES, type Priority } from './sla-policy.js'
import { statedFactFold } from './stated-facts.js'
import { commitmentFold } from './track-commitments.js'

const isContact = (e: CustomerEvent) => e.direction === 'inbound' && e.actor.role === 'customer' && (e.type === 'message' || e.type === 'call')

/**
 * Everything the brief reads of one case, kept as a fold over its members in time order, so a
 * new member costs its own work and not the case's. Nothing here depends on `asOf`: the brief
 * settles promises, measures the clock and decides quiet at `asOf` from these.
 */
export interface CaseFold {
  readonly slot: number
  readonly id: string
  readonly epoch: number
  /** The members folded, in time order (the grouping's own array while it only grows). */
  readonly members: readonly CustomerEvent[]
  readonly openedAt: string
  readonly lastActivityAt: string
  readonly priority: Priority | undefined
  readonly caseRefs: ReadonlyMap<string, string>
  readonly references: readonly BusinessReference[]
  readonly ownership: ReturnType<typeof ownershipFold>
  readonly commitments: ReturnType<typeof commitmentFold>
  readonly clock: ReturnType<typeof waitFold>
  readonly repeats: ReturnType<typeof repeatFold>
  readonly repeatIds: readonly string[]
  readonly sentiment: ReturnType<typeof sentimentFold>
  readonly facts: ReturnType<typeof statedFactFold>
  readonly contacts: number
  /** The first contact of four words or more, and the first with any words: the customer's issue. */
  readonly firstLong: CustomerEvent | undefined
  readonly firstAny: CustomerEvent | undefined
  readonly channels: ReadonlySet<Channel>
  readonly customerIds: readonly string[]
  readonly done: readonly CustomerEvent[]
  readonly doneIds: readonly string[]
  /** The last three messages or calls. */
  readonly exchanges: readonly CustomerEvent[]
  readonly complaints: readonly string[]
  /** Whether this fold still stands for the live case: same members array, grown only by appending. */
  fits(live: LiveCase): boolean
  /** Folds in the members appended since the last call. */
  catchUp(live: LiveCase): void
}

/**
 * Starts the fold of one case from its members.
 * @param sorted whether `live.members` is in time order (it is unless grouping placed deferred events)
 */
export function caseFold(live: LiveCase, grouping: Grouping, context: CaseContext, sorted: boolean): CaseFold {
  const members = sorted ? live.members : [...live.members].sort(compareEvents)
  const first = members.find((e) => e.type !== 'action') as CustomerEvent
  const id = caseIdFor(first.id)
  const caseRefs = new Map<string, string>()
  const refKeys = new Set<string>()
  const references: BusinessReference[] = []
  const ownership = ownershipFold()
  const commitments = commitmentFold(id, context)
  const clock = waitFold()
  const repeats = repeatFold({ threshold: context.repeatThreshold })
  const repeatIds: string[] = []
  const sentiment = sentimentFold()
  const facts = statedFactFold({ matcher: context.matcher, defaultRegion: context.defaultRegion, maxTextLength: context.maxTextLength })
  const channels = new Set<Channel>()
  const customerIds: string[] = []
  const done: CustomerEvent[] = []
  const doneIds: string[] = []
  const exchanges: CustomerEvent[] = []
  const complaints: string[] = []
  let count = 0
  let lastPrimaryAt: string | undefined
  let priority: Priority | undefined
  let contacts = 0
  let firstLong: CustomerEvent | undefined
  let firstAny: CustomerEvent | undefined

  const step = (e: CustomerEvent) => {
    if (e.caseRef && !caseRefs.has(e.caseRef)) caseRefs.set(e.caseRef, e.id)
    const held = grouping.referencesOf(e.id)
    if (held) {
      for (let i = 0; i < held.refs.length; i++) {
        const key = held.keys[i] as string
        if (refKeys.has(key)) continue
        refKeys.add(key)
        references.push(held.refs[i] as BusinessReference)
      }
    }
    if (e.type !== 'action' && e.type !== 'status') {
      lastPrimaryAt = e.occurredAt
      channels.add(e.channel)
    }
    const p = e.data?.priority
    if (typeof p === 'string' && (PRIORITIES as readonly string[]).includes(p)) priority = p as Priority
    ownership.step(e)
    commitments.step(e)
    clock.step(e)
    const before = repeats.signals.length
    repeats.step(e)
    if (repeats.signals.length > before) repeatIds.push(e.id)
    const point = sentiment.step(e)
    facts.step(e)
    if (isContact(e)) {
      contacts++
      if (!firstLong && (e.content?.text ?? '').split(/\s+/u).length >= 4) firstLong = e
      if (!firstAny && (e.content?.text || e.content?.subject)) firstAny = e
      if (point && point.score < 0 && isPublicPost(e)) complaints.push(e.id)
    }
    if (e.actor.role === 'customer') customerIds.push(e.id)
    if ((e.actor.role === 'agent' && e.direction !== 'inbound' && e.type !== 'status') || (e.type === 'action' && caseActionOf(e) !== undefined)) {
      done.push(e)
      doneIds.push(e.id)
    }
    if (e.type === 'message' || e.type === 'call') {
      exchanges.push(e)
      if (exchanges.length > 3) exchanges.shift()
    }
  }
  const catchUp = (from: readonly CustomerEvent[]) => {
    for (; count < from.length; count++) step(from[count] as CustomerEvent)
  }
  catchUp(members)

  return {
    slot: live.slot,
    id,
    epoch: live.epoch,
    members,
    openedAt: first.occurredAt,
    get lastActivityAt() {
      return lastPrimaryAt ?? first.occurredAt
    },
    get priority() {
      return priority
    },
    caseRefs,
    references,
    ownership,
    commitments,
    clock,
    repeats,
    repeatIds,
    sentiment,
    facts,
    get contacts() {
      return contacts
    },
    get firstLong() {
      return firstLong
    },
    get firstAny() {
      return firstAny
    },
    channels,
    customerIds,
    done,
    doneIds,
    exchanges,
    complaints,
    fits: (next) => sorted && next.members === members && next.epoch === live.epoch && next.members.length >= count,
    catchUp: (next) => catchUp(next.members),
  }
}
