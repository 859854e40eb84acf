import type { Channel, CustomerEvent } from '../events/index.js'
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween } from './business-calendar.js'
import { type AgentName, agentName } from './case-ownership.js'
import { policyFor, type Priority, type SlaPolicy } from './sla-policy.js'

/** `ok` waiting within budget; `at-risk` ≥ 75 % of it gone; `breached` past it; `met` answered in time; `na` no SLA applies. */
export const CLOCK_STATUSES = ['ok', 'at-risk', 'breached', 'met', 'na'] as const
export type ClockStatus = (typeof CLOCK_STATUSES)[number]

/** One wait of the customer, from their first unanswered contact to the first human reply. */
export interface ResponseWait {
  /** `first`: the first wait of this scope; `next`: any later one. */
  readonly kind: 'first' | 'next'
  readonly startedAt: string
  readonly startEventId: string
  /** Every customer contact made while waiting, on any channel. */
  readonly contactEventIds: readonly string[]
  readonly channels: readonly Channel[]
  /** The earliest due time over the waiting contacts' policies; absent when none has an SLA. */
  readonly dueBy?: string
  /** The contact whose policy gives `dueBy`, and that policy's budget. */
  readonly dueEventId?: string
  readonly budgetMinutes?: number
  readonly businessHours?: boolean
  readonly answeredAt?: string
  readonly answerEventId?: string
  readonly answeredBy?: AgentName
  /** Wall-clock minutes from start to the answer, or to `asOf` while waiting. */
  readonly elapsedMinutes: number
  /** Minutes counted the policy's way (business or wall), from its contact to the answer or `asOf`. */
  readonly budgetElapsedMinutes?: number
  readonly status: ClockStatus
}

export interface ResponseClock {
  /** The open wait's status, else the last closed wait's, else `na`. */
  readonly status: ClockStatus
  /** The wait still open at `asOf`. */
  readonly waiting?: ResponseWait
  readonly waits: readonly ResponseWait[]
}

export interface ClockOptions {
  readonly asOf: Date
  readonly calendar: BusinessCalendar
  readonly policies: readonly SlaPolicy[]
  readonly priority?: Priority
  /** Share of the budget after which a wait is `at-risk`. Default 0.75. */
  readonly atRiskRatio?: number
}

/** A customer contact that waits for an answer: something they wrote, or a call nobody took. */
function isContact(event: CustomerEvent): boolean {
  return event.direction === 'inbound' && event.actor.role === 'customer' && (event.type === 'message' || event.type === 'call')
}

/** A live call the customer had with someone: it answers them at the moment it happened. */
function isAnsweredCall(event: CustomerEvent): boolean {
  return event.type === 'call' && event.direction === 'inbound' && (event.content?.durationSeconds ?? 0) > 0 && event.content?.status !== 'failed'
}

/** A human answer: an agent (never a bot) writing or calling the customer, on any channel. */
function isHumanReply(event: CustomerEvent): boolean {
  if (event.actor.role !== 'agent' || event.direction !== 'outbound') return false
  if (event.type === 'message') return true
  return event.type === 'call' && !['failed', 'busy', 'no-answer', 'canceled'].includes(event.content?.status ?? '')
}

/**
 * The response clock over a set of events (one case, or all of a customer's events). A wait
 * starts at the first customer contact not yet answered, on any channel; later contacts on
 * other channels join the same wait instead of restarting or duplicating it. The wait ends
 * at the first human reply on any channel (bot replies do not stop it). Its due time is the
 * earliest of each waiting contact's own deadline, so a customer who moves from email (4
 * business hours) to X (1 hour) is owed the faster answer, counted from the X post.
 * @param events in time order
 * @example responseClock(events, { asOf, calendar, policies: DEFAULT_SLA_POLICIES }).status // 'at-risk'
 */
export function responseClock(events: readonly CustomerEvent[], options: ClockOptions): ResponseClock {
  const { closed, open } = splitWaits(events, options.asOf)
  const waits = closed.map((wait, i) => measure(wait.contacts, wait.answer, i === 0 ? 'first' : 'next', options))
  const waiting = open.length > 0 ? measure(open, undefined, closed.length === 0 ? 'first' : 'next', options) : undefined
  const last = waiting ?? waits.at(-1)
  return { status: last?.status ?? 'na', ...(waiting ? { waiting } : {}), waits }
}

/**
 * The wait the clock's status comes from (the open wait, else the last closed one), measured
 * alone: equal to `responseClock(events, options)`'s `waiting ?? waits.at(-1)`, without
 * measuring every earlier wait. For the brief, which shows only that one.
 */
export function lastResponseWait(events: readonly CustomerEvent[], options: ClockOptions): ResponseWait | undefined {
  const { closed, open } = splitWaits(events, options.asOf)
  return lastWaitOf(closed, open, options)
}

function lastWaitOf(closed: readonly ClosedContacts[], open: readonly CustomerEvent[], options: ClockOptions): ResponseWait | undefined {
  if (open.length > 0) return measure(open, undefined, closed.length === 0 ? 'first' : 'next', options)
  const last = closed.at(-1)
  return last ? measure(last.contacts, last.answer, closed.length === 1 ? 'first' : 'next', options) : undefined
}

interface ClosedContacts {
  readonly contacts: readonly CustomerEvent[]
  readonly answer: CustomerEvent
}

/** The customer's waits as a fold over events in time order, measured at any `asOf` not before the events stepped. */
export interface WaitFold {
  step(event: CustomerEvent): void
  /** {@link lastResponseWait} of the events stepped. */
  last(options: ClockOptions): ResponseWait | undefined
}

export function waitFold(): WaitFold {
  const closed: ClosedContacts[] = []
  let open: CustomerEvent[] = []
  const close = (answer: CustomerEvent) => {
    if (open.length > 0) closed.push({ contacts: open, answer })
    open = []
  }
  return {
    step(event) {
      if (isContact(event)) {
        if (isAnsweredCall(event)) close(event)
        else open.push(event)
      } else if (isHumanReply(event)) close(event)
    },
    last: (options) => lastWaitOf(closed, open, options),
  }
}

/** Customer contacts up to `asOf`, grouped into the waits a human reply (or an answered call) closed, and the one still open. */
function splitWaits(events: readonly CustomerEvent[], asOfDate: Date): { closed: ClosedContacts[]; open: CustomerEvent[] } {
  const asOf = asOfDate.toISOString()
  const closed: ClosedContacts[] = []
  let open: CustomerEvent[] = []
  const close = (answer: CustomerEvent) => {
    if (open.length > 0) closed.push({ contacts: open, answer })
    open = []
  }
  for (const event of events) {
    if (event.occurredAt > asOf) break
    if (isContact(event)) {
      if (isAnsweredCall(event)) {
        close(event)
        continue
      }
      open.push(event)
    } else if (isHumanReply(event)) close(event)
  }
  return { closed, open }
}

/** Closed waits do not depend on `asOf`: remembered per answering event, checked against contacts and options. */
interface ClosedWait {
  readonly contacts: readonly CustomerEvent[]
  readonly kind: string
  readonly options: string
  readonly calendar: BusinessCalendar
  readonly policies: readonly SlaPolicy[]
  readonly wait: ResponseWait
}
/** A few entries per answer: the same reply closes a wait in its case and in the customer-wide clock. */
const closedWaits = new WeakMap<CustomerEvent, ClosedWait[]>()

function optionsKey(options: ClockOptions): string {
  let key = optionKeys.get(options)
  if (key === undefined) optionKeys.set(options, (key = `${options.priority ?? 'normal'}|${options.atRiskRatio ?? 0.75}`))
  return key
}
const optionKeys = new WeakMap<ClockOptions, string>()

function sameContacts(a: readonly CustomerEvent[], b: readonly CustomerEvent[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function measure(contacts: readonly CustomerEvent[], answer: CustomerEvent | undefined, kind: 'first' | 'next', options: ClockOptions): ResponseWait {
  if (!answer) return measureUncached(contacts, answer, kind, options)
  const key = optionsKey(options)
  let entries = closedWaits.get(answer)
  if (!entries) closedWaits.set(answer, (entries = []))
  for (const known of entries) {
    if (known.kind === kind && known.options === key && known.calendar === options.calendar && samePolicies(known.policies, options.policies) && sameContacts(known.contacts, contacts)) {
      return known.wait
    }
  }
  const wait = measureUncached(contacts, answer, kind, options)
  if (entries.length >= 4) entries.shift()
  entries.push({ contacts: [...contacts], kind, options: key, calendar: options.calendar, policies: options.policies, wait })
  return wait
}

/** Policies arrive parsed afresh per call; equal content is the same policy set. */
function samePolicies(a: readonly SlaPolicy[], b: readonly SlaPolicy[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as SlaPolicy
    const y = b[i] as SlaPolicy
    if (x === y) continue
    if (x.minutes !== y.minutes || x.businessHours !== y.businessHours || x.priority !== y.priority || x.channels.length !== y.channels.length) return false
    for (let j = 0; j < x.channels.length; j++) if (x.channels[j] !== y.channels[j]) return false
  }
  return true
}

function measureUncached(contacts: readonly CustomerEvent[], answer: CustomerEvent | undefined, kind: 'first' | 'next', options: ClockOptions): ResponseWait {
  const first = contacts[0] as CustomerEvent
  const end = answer ? new Date(answer.occurredAt) : options.asOf
  let due: { at: Date; event: CustomerEvent; policy: SlaPolicy & { minutes: number } } | undefined
  for (const contact of contacts) {
    const policy = policyFor(options.policies, contact.channel, options.priority ?? 'normal')
    if (!policy || policy.minutes === null) continue
    const start = new Date(contact.occurredAt)
    const at = policy.businessHours ? addBusinessMinutes(options.calendar, start, policy.minutes) : new Date(start.getTime() + policy.minutes * 60_000)
    if (!due || at < due.at) due = { at, event: contact, policy: { ...policy, minutes: policy.minutes } }
  }
  const elapsedMinutes = Math.max(0, (end.getTime() - Date.parse(first.occurredAt)) / 60_000)
  const base = {
    kind,
    startedAt: first.occurredAt,
    startEventId: first.id,
    contactEventIds: contacts.map((c) => c.id),
    channels: [...new Set(contacts.map((c) => c.channel))],
    elapsedMinutes,
    ...(answer ? { answeredAt: answer.occurredAt, answerEventId: answer.id } : {}),
    ...(answer && agentName(answer.actor) ? { answeredBy: agentName(answer.actor) as AgentName } : {}),
  }
  if (!due) return { ...base, status: 'na' }
  const since = new Date(due.event.occurredAt)
  const used = due.policy.businessHours ? businessMinutesBetween(options.calendar, since, end) : Math.max(0, (end.getTime() - since.getTime()) / 60_000)
  const status: ClockStatus = answer
    ? end <= due.at
      ? 'met'
      : 'breached'
    : end > due.at
      ? 'breached'
      : used >= due.policy.minutes * (options.atRiskRatio ?? 0.75)
        ? 'at-risk'
        : 'ok'
  return {
    ...base,
    dueBy: due.at.toISOString(),
    dueEventId: due.event.id,
    budgetMinutes: due.policy.minutes,
    businessHours: due.policy.businessHours,
    budgetElapsedMinutes: Math.round(used * 10) / 10,
    status,
  }
}
