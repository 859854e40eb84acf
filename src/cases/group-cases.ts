import { compareEvents, type CustomerEvent, stableHash } from '../events/index.js'
import { type CaseAction, caseActionOf } from './case-action.js'
import { type BusinessReference, extractReferences, type ReferenceMatcher, referenceKey } from './reference-patterns.js'
import { threadLinks } from './thread-continuity.js'

/** Why an event sits in its case, strongest evidence first. */
export type Placement = 'case-ref' | 'reference' | 'thread' | 'about' | 'reopen-window' | 'new' | 'merge' | 'split'

/** One case as grouping sees it: members and the evidence that placed them. */
export interface GroupedCase {
  readonly id: string
  /** Member events (contacts, replies, transcripts, statuses, case actions) in time order. */
  readonly events: readonly CustomerEvent[]
  readonly placement: Readonly<Record<string, Placement>>
  readonly caseRefs: readonly string[]
  readonly references: readonly BusinessReference[]
  readonly openedAt: string
  readonly lastActivityAt: string
  readonly resolvedAt?: string
  /** Times a contact reopened the case after it was resolved. */
  readonly reopenedAt: readonly string[]
}

export interface GroupOptions {
  readonly matcher: ReferenceMatcher
  /** A contact within this many ms of a case's last activity joins it (reopening it if resolved). */
  readonly reopenWindowMs: number
}

interface Slot {
  readonly n: number
  /** Bumped on every change of members or state, so an unchanged case is finished once. */
  version: number
  /** Bumped when members are reordered or removed (a merge, a split): a fold over them must start again. */
  epoch: number
  finished?: { readonly version: number; readonly grouped: GroupedCase }
  members: CustomerEvent[]
  placement: Map<string, Placement>
  mergedInto?: number
  lastAt: string
  resolvedAt?: string
  reopenedAt: string[]
  /** Held caseRefs and references by kind, kept incrementally so each placement is O(1). */
  caseRefs: Set<string>
  refs: Map<string, Set<string>>
}

/** The case id: a function of the earliest member, so it survives later contacts and arrival order. */
export function caseIdFor(earliestEventId: string): string {
  const known = caseIds.get(earliestEventId)
  if (known) return known
  const id = `case_${stableHash(earliestEventId)}`
  if (caseIds.size >= 20_000) caseIds.clear()
  caseIds.set(earliestEventId, id)
  return id
}

/** SHA-256 per case per call adds up on a busy agent screen; ids are a pure function of the event id. */
const caseIds = new Map<string, string>()

const PRIMARY = new Set(['message', 'call', 'transcript'])
const isCustomerInbound = (e: CustomerEvent) => e.direction === 'inbound' && e.actor.role === 'customer'

/**
 * Groups one profile's events into cases. Evidence, in priority: an explicit `caseRef`; a
 * business reference already seen in a case; thread continuity; an event's `about` target;
 * the reopen window (a contact within the window of the most recently active case joins it,
 * unless it names a different `caseRef` or a different reference of a kind the case already
 * has, which opens a new case). Case actions (merge, split, resolve, undo) apply in the same
 * canonical order, so the result depends only on the set of events.
 * @param events one profile's events, in any order
 * @example groupCases(events, { matcher, reopenWindowMs: 7 * 86_400_000 })
 */
export function groupCases(events: readonly CustomerEvent[], options: GroupOptions): GroupedCase[] {
  const ordered = isSorted(events) ? events : [...events].sort(compareEvents)
  const first = ordered[0]
  if (first === undefined) return []
  // Grouping is a fold over the ordered events. The state after the last call for this profile
  // (known by its earliest event) resumes when the events it saw are, object for object, a
  // prefix of these, and nothing new could change how earlier events were placed.
  let grouping = groupings.get(first)
  if (!grouping || !grouping.canResume(ordered, options)) grouping = createGrouping(options, undoneIn(ordered))
  grouping.extend(ordered)
  if (grouping.settled) groupings.delete(first)
  else groupings.set(first, grouping)
  return grouping.result()
}

/** The grouping state per profile, keyed by the profile's earliest (immutable) event. */
const groupings = new WeakMap<CustomerEvent, Grouping>()

export function undoneIn(ordered: readonly CustomerEvent[]): Set<string> {
  const undone = new Set<string>()
  for (const event of ordered) {
    const action = caseActionOf(event)
    if (action?.action === 'undo') undone.add(action.target)
  }
  return undone
}

export interface Grouping {
  /** Whether `ordered` extends what this state has seen, under the same options, safely. */
  canResume(ordered: readonly CustomerEvent[], options: GroupOptions): boolean
  /** Folds in the events past the ones seen, then places deferred events (which ends resuming). */
  extend(ordered: readonly CustomerEvent[]): void
  /** True once deferred events were placed: the state no longer equals a pure prefix fold. */
  readonly settled: boolean
  result(): GroupedCase[]
  /** Whether these events, later than every event seen, can be folded in without changing earlier placements. */
  canAppend(events: readonly CustomerEvent[]): boolean
  /** The cases as they stand, unfinished: live views for a caller that folds over members itself. */
  live(): LiveCase[]
  /** An event's business references, as grouping found them (none for events placed by `about`, except transcripts). */
  referencesOf(eventId: string): EventRefs | undefined
}

/** A case as grouping holds it between calls. Members are in time order unless {@link Grouping.settled}. */
export interface LiveCase {
  /** Stable for the life of the grouping. */
  readonly slot: number
  readonly members: readonly CustomerEvent[]
  /** Changes when members were reordered or removed. */
  readonly epoch: number
  readonly resolvedAt: string | undefined
  readonly reopenedAt: readonly string[]
}

export function createGrouping(options: GroupOptions, undone: ReadonlySet<string>): Grouping {
  const seen: CustomerEvent[] = []
  /** `about` targets looked up and not found: such an event arriving later changes earlier placements. */
  const missingAbout = new Set<string>()
  let all: readonly CustomerEvent[] = []
  let settled = false
  const slots: Slot[] = []
  const slotOfEvent = new Map<string, number>()
  const refsOf = new Map<string, EventRefs>()
  let index = new Map<string, number>()
  let latest: number | undefined
  let idSet: Set<string> | undefined
  // Only events with an `about` ask whether their target is in the set: build it on first use.
  const ids = {
    has: (id: string) => {
      const found = (idSet ??= new Set(all.map((e) => e.id))).has(id)
      if (!found) missingAbout.add(id)
      return found
    },
  }

  const find = (n: number): Slot => {
    let slot = slots[n] as Slot
    while (slot.mergedInto !== undefined) slot = slots[slot.mergedInto] as Slot
    return slot
  }
  const slotOf = (eventId: string | undefined) => {
    const n = eventId === undefined ? undefined : slotOfEvent.get(eventId)
    return n === undefined ? undefined : find(n)
  }
  const indexKey = (key: string, n: number) => {
    if (!index.has(key)) index.set(key, n)
  }
  const register = (slot: Slot, event: CustomerEvent) => {
    // The keys an event is known by: its caseRef, its references, its own thread keys.
    if (event.caseRef) indexKey(`c:${event.caseRef}`, slot.n)
    const held = refsOf.get(event.id)
    if (held) for (const key of held.keys) indexKey(key, slot.n)
    for (const key of threadLinks(event).own) indexKey(key, slot.n)
    if (event.caseRef) slot.caseRefs.add(event.caseRef)
    if (held) {
      for (const r of held.refs) {
        const values = slot.refs.get(r.kind) ?? new Set<string>()
        slot.refs.set(r.kind, values.add(r.value))
      }
    }
  }
  const place = (slot: Slot, event: CustomerEvent, why: Placement) => {
    slot.version++
    slot.members.push(event)
    slot.placement.set(event.id, why)
    slotOfEvent.set(event.id, slot.n)
    if (event.type !== 'action' && event.type !== 'status') {
      if (slot.resolvedAt !== undefined && isCustomerInbound(event)) {
        slot.reopenedAt.push(event.occurredAt)
        delete slot.resolvedAt
      }
      slot.lastAt = event.occurredAt
      latest = slot.n
    }
    register(slot, event)
  }
  const open = (event: CustomerEvent, why: Placement) => {
    const slot: Slot = { n: slots.length, version: 0, epoch: 0, members: [], placement: new Map(), lastAt: event.occurredAt, reopenedAt: [], caseRefs: new Set(), refs: new Map() }
    slots.push(slot)
    place(slot, event, why)
  }
  const reindex = () => {
    index = new Map()
    for (const slot of slots) {
      slot.caseRefs = new Set()
      slot.refs = new Map()
      if (slot.mergedInto === undefined) for (const e of slot.members) register(slot, e)
    }
    let best: Slot | undefined
    for (const slot of slots) if (slot.mergedInto === undefined && (!best || slot.lastAt > best.lastAt)) best = slot
    latest = best?.n
  }
  const conflicts = (slot: Slot, event: CustomerEvent, refs: readonly BusinessReference[]) => {
    if (event.caseRef && slot.caseRefs.size > 0 && !slot.caseRefs.has(event.caseRef)) return true
    if (!isCustomerInbound(event) || refs.length === 0) return false
    // A different order number from the customer is a different matter, even within the window.
    return refs.some((r) => {
      const held = slot.refs.get(r.kind)
      return held !== undefined && held.size > 0 && !held.has(r.value)
    })
  }

  const deferred: { event: CustomerEvent; action: CaseAction | undefined }[] = []
  const applyAction = (event: CustomerEvent, action: CaseAction | undefined): boolean => {
    const target = slotOf(event.about)
    if (!target) return false
    if (action?.action === 'merge') {
      const other = slotOf(action.otherEventId)
      if (other && other.n !== target.n) {
        const [keep, gone] = other.n < target.n ? [other, target] : [target, other]
        for (const e of gone.members) {
          keep.members.push(e)
          slotOfEvent.set(e.id, keep.n)
        }
        keep.members.sort(compareEvents)
        if (gone.lastAt > keep.lastAt) keep.lastAt = gone.lastAt
        keep.reopenedAt = [...keep.reopenedAt, ...gone.reopenedAt].sort()
        if (keep.resolvedAt === undefined || gone.resolvedAt === undefined) delete keep.resolvedAt
        gone.mergedInto = keep.n
        gone.members = []
        keep.epoch++
        gone.epoch++
        place(keep, event, 'merge')
        reindex()
        return true
      }
    } else if (action?.action === 'split') {
      const moving = new Set(action.eventIds.filter((id) => slotOf(id)?.n === target.n))
      // Transcripts and statuses follow the event they are about.
      for (const e of target.members) if (e.about !== undefined && moving.has(e.about) && e.type !== 'action') moving.add(e.id)
      const stay = target.members.filter((e) => !moving.has(e.id))
      const go = target.members.filter((e) => moving.has(e.id))
      if (go.length > 0 && stay.some((e) => e.type !== 'action')) {
        const slot: Slot = { n: slots.length, version: 0, epoch: 0, members: go, placement: new Map(go.map((e) => [e.id, 'split'])), lastAt: '', reopenedAt: [], caseRefs: new Set(), refs: new Map() }
        slots.push(slot)
        for (const e of go) slotOfEvent.set(e.id, slot.n)
        target.members = stay
        target.epoch++
        slot.lastAt = lastPrimary(go) ?? go[0]?.occurredAt ?? ''
        target.lastAt = lastPrimary(stay) ?? target.lastAt
        place(target, event, 'split')
        reindex()
        return true
      }
    } else if (action?.action === 'resolve') {
      target.resolvedAt = event.occurredAt
    }
    place(target, event, 'about')
    return true
  }

  const step = (event: CustomerEvent): void => {
    if (undone.has(event.id)) return
    if (event.type === 'action') {
      const action = caseActionOf(event)
      if (action?.action === 'undo') return
      if (!applyAction(event, action) && event.about !== undefined && ids.has(event.about)) deferred.push({ event, action })
      return
    }
    const aboutSlot = slotOf(event.about)
    if (aboutSlot) {
      if (event.type === 'transcript') refsOf.set(event.id, references(event, options.matcher))
      place(aboutSlot, event, 'about')
      return
    }
    if (event.about !== undefined && ids.has(event.about)) {
      deferred.push({ event, action: undefined })
      return
    }
    if (!PRIMARY.has(event.type) && !event.caseRef) return
    const found = references(event, options.matcher)
    const refs = found.refs
    refsOf.set(event.id, found)
    const byCaseRef = event.caseRef === undefined ? undefined : index.get(`c:${event.caseRef}`)
    if (byCaseRef !== undefined) {
      place(find(byCaseRef), event, 'case-ref')
      return
    }
    let byRef: number | undefined
    for (const key of found.keys) {
      const n = index.get(key)
      if (n !== undefined && (byRef === undefined || n < byRef)) byRef = n
    }
    const refSlot = byRef === undefined ? undefined : find(byRef)
    if (refSlot && !conflicts(refSlot, event, [])) {
      place(refSlot, event, 'reference')
      return
    }
    let byThread: number | undefined
    for (const key of threadLinks(event).continues) if ((byThread = index.get(key)) !== undefined) break
    const threadSlot = byThread === undefined ? undefined : find(byThread)
    if (threadSlot && !conflicts(threadSlot, event, [])) {
      place(threadSlot, event, 'thread')
      return
    }
    const recent = latest === undefined ? undefined : find(latest)
    if (recent && Date.parse(event.occurredAt) - Date.parse(recent.lastAt) <= options.reopenWindowMs && !conflicts(recent, event, refs)) {
      place(recent, event, 'reopen-window')
      return
    }
    open(event, 'new')
  }

  return {
    get settled() {
      return settled
    },
    canResume(ordered, next) {
      if (settled || next.matcher !== options.matcher || next.reopenWindowMs !== options.reopenWindowMs || ordered.length < seen.length) return false
      for (let i = 0; i < seen.length; i++) if (ordered[i] !== seen[i]) return false
      for (let i = seen.length; i < ordered.length; i++) {
        const event = ordered[i] as CustomerEvent
        // An undo changes what came before it; a late target changes where its events went.
        if (missingAbout.has(event.id) || caseActionOf(event)?.action === 'undo') return false
      }
      return true
    },
    extend(ordered) {
      all = ordered
      if (ordered.length !== seen.length) idSet = undefined
      for (let i = seen.length; i < ordered.length; i++) {
        const event = ordered[i] as CustomerEvent
        seen.push(event)
        step(event)
      }
      if (deferred.length === 0) return
      settled = true
      for (const { event, action } of deferred) {
        if (event.type === 'action') applyAction(event, action)
        else {
          const slot = slotOf(event.about)
          if (slot) place(slot, event, 'about')
        }
      }
    },
    canAppend(events) {
      if (settled) return false
      // An undo changes what came before it; a late target changes where its events went.
      for (const event of events) if (missingAbout.has(event.id) || caseActionOf(event)?.action === 'undo') return false
      return true
    },
    live() {
      const cases: LiveCase[] = []
      for (const slot of slots) {
        if (slot.mergedInto !== undefined || !slot.members.some((e) => e.type !== 'action')) continue
        cases.push({ slot: slot.n, members: slot.members, epoch: slot.epoch, resolvedAt: slot.resolvedAt, reopenedAt: slot.reopenedAt })
      }
      return cases
    },
    referencesOf: (eventId) => refsOf.get(eventId),
    result() {
      return slots
        .filter((slot) => slot.mergedInto === undefined && slot.members.some((e) => e.type !== 'action'))
        .map((slot) => {
          // A case nothing touched since the last call is the same case: finish it once.
          if (slot.finished?.version !== slot.version) slot.finished = { version: slot.version, grouped: finish(slot, refsOf) }
          return slot.finished.grouped
        })
        .sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.id < b.id ? -1 : 1))
    },
  }
}

/** An event's references and their index keys (`r:kind:value`). */
export interface EventRefs {
  readonly matcher: ReferenceMatcher
  readonly refs: readonly BusinessReference[]
  readonly keys: readonly string[]
}

function references(event: CustomerEvent, matcher: ReferenceMatcher): EventRefs {
  // Once per stored (immutable) event and matcher; callers only read the lists.
  const known = referencesOf.get(event)
  if (known && known.matcher === matcher) return known
  const text = [event.content?.subject, event.content?.text].filter(Boolean).join('\n')
  const refs = text ? extractReferences(matcher, text, event.id) : []
  const entry = { matcher, refs, keys: refs.map((r) => `r:${referenceKey(r)}`) }
  referencesOf.set(event, entry)
  return entry
}

const referencesOf = new WeakMap<CustomerEvent, EventRefs>()

function isSorted(events: readonly CustomerEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (compareEvents(events[i - 1] as CustomerEvent, events[i] as CustomerEvent) > 0) return false
  return true
}

function lastPrimary(events: readonly CustomerEvent[]): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as CustomerEvent
    if (e.type !== 'action' && e.type !== 'status') return e.occurredAt
  }
  return undefined
}

function finish(slot: Slot, refsOf: ReadonlyMap<string, EventRefs>): GroupedCase {
  const events = isSorted(slot.members) ? [...slot.members] : [...slot.members].sort(compareEvents)
  const first = events.find((e) => e.type !== 'action') as CustomerEvent
  const seen = new Set<string>()
  const refs: BusinessReference[] = []
  const placement: [string, Placement][] = []
  const caseRefs = new Set<string>()
  for (const e of events) {
    placement.push([e.id, slot.placement.get(e.id) ?? 'about'])
    if (e.caseRef) caseRefs.add(e.caseRef)
    const held = refsOf.get(e.id)
    if (!held) continue
    for (let i = 0; i < held.refs.length; i++) {
      const key = held.keys[i] as string
      if (seen.has(key)) continue
      seen.add(key)
      refs.push(held.refs[i] as BusinessReference)
    }
  }
  return {
    id: caseIdFor(first.id),
    events,
    placement: Object.fromEntries(placement),
    caseRefs: [...caseRefs],
    references: refs,
    openedAt: first.occurredAt,
    lastActivityAt: lastPrimary(events) ?? first.occurredAt,
    ...(slot.resolvedAt === undefined ? {} : { resolvedAt: slot.resolvedAt }),
    // A copy: the slot lives on for later calls, the returned case must not change with it.
    reopenedAt: [...slot.reopenedAt],
  }
}
