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
  const ordered = [...events].sort(compareEvents)
  const undone = new Set<string>()
  for (const event of ordered) {
    const action = caseActionOf(event)
    if (action?.action === 'undo') undone.add(action.target)
  }
  const slots: Slot[] = []
  const slotOfEvent = new Map<string, number>()
  const refsOf = new Map<string, BusinessReference[]>()
  let index = new Map<string, number>()
  let latest: number | undefined
  const ids = new Set(ordered.map((e) => e.id))

  const find = (n: number): Slot => {
    let slot = slots[n] as Slot
    while (slot.mergedInto !== undefined) slot = slots[slot.mergedInto] as Slot
    return slot
  }
  const slotOf = (eventId: string | undefined) => {
    const n = eventId === undefined ? undefined : slotOfEvent.get(eventId)
    return n === undefined ? undefined : find(n)
  }
  const keysOf = (event: CustomerEvent) => [
    ...(event.caseRef ? [`c:${event.caseRef}`] : []),
    ...(refsOf.get(event.id) ?? []).map((r) => `r:${referenceKey(r)}`),
    ...threadLinks(event).own,
  ]
  const register = (slot: Slot, event: CustomerEvent) => {
    for (const key of keysOf(event)) if (!index.has(key)) index.set(key, slot.n)
    if (event.caseRef) slot.caseRefs.add(event.caseRef)
    for (const r of refsOf.get(event.id) ?? []) {
      const values = slot.refs.get(r.kind) ?? new Set<string>()
      slot.refs.set(r.kind, values.add(r.value))
    }
  }
  const place = (slot: Slot, event: CustomerEvent, why: Placement) => {
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
    const slot: Slot = { n: slots.length, members: [], placement: new Map(), lastAt: event.occurredAt, reopenedAt: [], caseRefs: new Set(), refs: new Map() }
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
        const slot: Slot = { n: slots.length, members: go, placement: new Map(go.map((e) => [e.id, 'split'])), lastAt: '', reopenedAt: [], caseRefs: new Set(), refs: new Map() }
        slots.push(slot)
        for (const e of go) slotOfEvent.set(e.id, slot.n)
        target.members = stay
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

  for (const event of ordered) {
    if (undone.has(event.id)) continue
    if (event.type === 'action') {
      const action = caseActionOf(event)
      if (action?.action === 'undo') continue
      if (!applyAction(event, action) && event.about !== undefined && ids.has(event.about)) deferred.push({ event, action })
      continue
    }
    const aboutSlot = slotOf(event.about)
    if (aboutSlot) {
      if (event.type === 'transcript') refsOf.set(event.id, references(event, options.matcher))
      place(aboutSlot, event, 'about')
      continue
    }
    if (event.about !== undefined && ids.has(event.about)) {
      deferred.push({ event, action: undefined })
      continue
    }
    if (!PRIMARY.has(event.type) && !event.caseRef) continue
    const refs = references(event, options.matcher)
    refsOf.set(event.id, refs)
    const byCaseRef = event.caseRef === undefined ? undefined : index.get(`c:${event.caseRef}`)
    if (byCaseRef !== undefined) {
      place(find(byCaseRef), event, 'case-ref')
      continue
    }
    const byRef = refs.map((r) => index.get(`r:${referenceKey(r)}`)).filter((n) => n !== undefined)
    const refSlot = byRef.length > 0 ? find(Math.min(...byRef)) : undefined
    if (refSlot && !conflicts(refSlot, event, [])) {
      place(refSlot, event, 'reference')
      continue
    }
    const byThread = threadLinks(event).continues.map((k) => index.get(k)).find((n) => n !== undefined)
    const threadSlot = byThread === undefined ? undefined : find(byThread)
    if (threadSlot && !conflicts(threadSlot, event, [])) {
      place(threadSlot, event, 'thread')
      continue
    }
    const recent = latest === undefined ? undefined : find(latest)
    if (recent && Date.parse(event.occurredAt) - Date.parse(recent.lastAt) <= options.reopenWindowMs && !conflicts(recent, event, refs)) {
      place(recent, event, 'reopen-window')
      continue
    }
    open(event, 'new')
  }
  for (const { event, action } of deferred) {
    if (event.type === 'action') applyAction(event, action)
    else {
      const slot = slotOf(event.about)
      if (slot) place(slot, event, 'about')
    }
  }

  return slots
    .filter((slot) => slot.mergedInto === undefined && slot.members.some((e) => e.type !== 'action'))
    .map((slot) => finish(slot, refsOf))
    .sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.id < b.id ? -1 : 1))
}

function references(event: CustomerEvent, matcher: ReferenceMatcher): BusinessReference[] {
  // Once per stored (immutable) event and matcher; callers only read the list.
  const known = referencesOf.get(event)
  if (known && known.matcher === matcher) return known.refs
  const text = [event.content?.subject, event.content?.text].filter(Boolean).join('\n')
  const refs = text ? extractReferences(matcher, text, event.id) : []
  referencesOf.set(event, { matcher, refs })
  return refs
}

const referencesOf = new WeakMap<CustomerEvent, { matcher: ReferenceMatcher; refs: BusinessReference[] }>()

function lastPrimary(events: readonly CustomerEvent[]): string | undefined {
  return events.filter((e) => e.type !== 'action' && e.type !== 'status').at(-1)?.occurredAt
}

function finish(slot: Slot, refsOf: ReadonlyMap<string, BusinessReference[]>): GroupedCase {
  const events = [...slot.members].sort(compareEvents)
  const primary = events.filter((e) => e.type !== 'action')
  const first = primary[0] as CustomerEvent
  const seen = new Set<string>()
  const refs: BusinessReference[] = []
  for (const e of events) {
    for (const r of refsOf.get(e.id) ?? []) {
      if (seen.has(referenceKey(r))) continue
      seen.add(referenceKey(r))
      refs.push(r)
    }
  }
  return {
    id: caseIdFor(first.id),
    events,
    placement: Object.fromEntries(events.map((e) => [e.id, slot.placement.get(e.id) ?? 'about'])),
    caseRefs: [...new Set(events.flatMap((e) => (e.caseRef ? [e.caseRef] : [])))],
    references: refs,
    openedAt: first.occurredAt,
    lastActivityAt: lastPrimary(events) ?? first.occurredAt,
    ...(slot.resolvedAt === undefined ? {} : { resolvedAt: slot.resolvedAt }),
    reopenedAt: slot.reopenedAt,
  }
}
