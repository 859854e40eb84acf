import type { z } from 'zod'
import type { CustomerEvent } from '../events/index.js'
import type { BriefItem, BriefProfileSchema, HandoffBrief } from './brief-types.js'
import { caseActionOf } from './case-action.js'
import type { ClockStatus, ResponseWait } from './response-clock.js'
import type { StatedFact } from './stated-facts.js'

/**
 * What the brief's customer part reads from the events, kept as a fold: the latest inbound event
 * that names the customer, and the first six distinct delivered identifiers of inbound events.
 */
export interface CustomerFold {
  step(event: CustomerEvent): void
  readonly named: CustomerEvent | undefined
  readonly identifiers: readonly BriefItem[]
}

export function customerFold(): CustomerFold {
  let named: CustomerEvent | undefined
  const identifiers: BriefItem[] = []
  // Membership by kind, then value: no key string per identifier of every event.
  const seen = new Map<string, Set<string>>()
  const keys = new Set<string>()
  return {
    get named() {
      return named
    },
    identifiers,
    step(e) {
      if (e.direction !== 'inbound') return
      if (typeof e.traits.name === 'string' && e.traits.name) named = e
      // Only the first six are shown: later ones cannot change them.
      if (identifiers.length >= 6) return
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
    },
  }
}

/** Who the customer is: the profile's word first, else what the events and their statements say. */
export function customerPart(events: CustomerFold, profile: z.output<typeof BriefProfileSchema> | undefined, facts: readonly StatedFact[]): HandoffBrief['customer'] {
  const traitName = profile?.traits?.name
  const nameValue = typeof traitName === 'object' && traitName !== null && 'value' in traitName ? traitName : undefined
  const fromEvents = events.named
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
    for (const item of events.identifiers) identifiers.push({ text: item.text, eventIds: [...item.eventIds] })
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

export function clockItem(wait: ResponseWait | undefined, status: ClockStatus, asOf: string, when: (iso: string) => string): BriefItem {
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

export function said(e: CustomerEvent, max = 90): string {
  const raw = (e.content?.text ?? e.content?.subject ?? '').replace(/\s+/gu, ' ').trim()
  if (e.type === 'call') return `call${e.content?.durationSeconds ? ` ${duration(e.content.durationSeconds / 60)}` : ''}${e.content?.status && e.content.status !== 'completed' ? ` (${e.content.status})` : ''}`
  return `"${raw.length > max ? `${raw.slice(0, max - 1)}…` : raw}"`
}

export function who(e: CustomerEvent): string {
  return e.actor.role === 'customer' ? 'customer' : (e.actor.name ?? e.actor.id ?? (e.actor.role === 'bot' ? 'bot' : 'unnamed agent'))
}

export function doneLine(e: CustomerEvent, when: (iso: string) => string): string {
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
