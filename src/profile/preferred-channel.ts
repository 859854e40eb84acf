import { parseISO, subDays } from 'date-fns'
import type { CustomerEvent } from '../events/index.js'
import { type ContactChannel, isContactChannel } from './consent.js'

/** The channel to reach a person on, and what it rests on. */
export interface PreferredChannel {
  readonly channel: ContactChannel
  /** `explicit`: set through the API or by the person; `learned`: where they contact us most. */
  readonly basis: 'explicit' | 'learned'
  /** For `learned`, the latest inbound contact on that channel. */
  readonly at: string
  readonly eventId: string
  readonly source: string
}

/** How the preferred channel is learned from behaviour. */
export interface PreferredChannelOptions {
  /** Days before the person's latest contact in which inbound contacts are counted. Default 90. */
  readonly windowDays?: number | undefined
}

/** The `data.action` of an API event that sets (or, with `channel: null`, clears) the preferred channel. */
export const PREFERRED_CHANNEL_ACTION = 'preferred_channel'

/**
 * The preferred channel of a person: the latest explicit choice, else the channel of most
 * inbound contacts in the window before their latest contact, ties going to the channel used
 * most recently.
 * @param ordered the person's events in time order
 * @returns `null` when there is neither a choice nor an inbound contact on a reachable channel
 * @example preferredChannel(events) // { channel: 'sms', basis: 'learned', at, eventId, source }
 */
export function preferredChannel(ordered: readonly CustomerEvent[], options: PreferredChannelOptions = {}): PreferredChannel | null {
  let explicit: PreferredChannel | null = null
  for (const event of ordered) {
    if (event.type !== 'action' || event.data?.action !== PREFERRED_CHANNEL_ACTION) continue
    const channel = event.data.channel
    explicit = typeof channel === 'string' && isContactChannel(channel) ? { channel, basis: 'explicit', at: event.occurredAt, eventId: event.id, source: sourceOf(event) } : null
  }
  if (explicit) return explicit
  // API actions carry the operator's clock, not the person's behaviour, so they do not move the window.
  const contacts = ordered.filter((e) => e.type !== 'action' && e.type !== 'status')
  const latest = contacts.at(-1)
  if (!latest) return null
  const from = subDays(parseISO(latest.occurredAt), options.windowDays ?? 90).toISOString()
  const tally = new Map<ContactChannel, { count: number; last: CustomerEvent }>()
  for (const event of contacts) {
    if (event.direction !== 'inbound' || event.occurredAt <= from || !isContactChannel(event.channel)) continue
    tally.set(event.channel, { count: (tally.get(event.channel)?.count ?? 0) + 1, last: event })
  }
  const best = [...tally.entries()].sort(([, a], [, b]) => b.count - a.count || (a.last.occurredAt < b.last.occurredAt ? 1 : a.last.occurredAt > b.last.occurredAt ? -1 : 0))[0]
  if (!best) return null
  const [channel, { last }] = best
  return { channel, basis: 'learned', at: last.occurredAt, eventId: last.id, source: sourceOf(last) }
}

/**
 * The source a value is credited to: an API action's `data.source` (where the decision was
 * captured), else the event's source system.
 * @example sourceOf(event) // 'preference-center' or 'twilio.sms'
 */
export function sourceOf(event: CustomerEvent): string {
  const given = event.type === 'action' ? event.data?.source : undefined
  return typeof given === 'string' && given.length > 0 ? given : event.source.system
}
