import { z } from 'zod'
import { CHANNELS, type Channel, type ConsentSignal } from '../events/index.js'

/** Purposes a contact can serve; a signal's `any` stands for both. */
export const CONTACT_PURPOSES = ['service', 'marketing'] as const
export type ContactPurpose = (typeof CONTACT_PURPOSES)[number]

/** Channels the company can reach a person on: not its own records, web visits or API actions. */
export const CONTACT_CHANNELS = ['email', 'voice', 'sms', 'chat', 'x', 'messenger', 'instagram', 'whatsapp'] as const
export type ContactChannel = (typeof CONTACT_CHANNELS)[number]

/** One consent decision as the profile keeps it: what, when, where it was said, and the event. */
export interface ConsentRecord {
  readonly granted: boolean
  /** The channel the person used to say it (`any` for an API call naming no channel). */
  readonly channel: Channel | 'any'
  readonly at: string
  readonly eventId: string
  readonly source: string
}

/** Latest decision per channel (or `any`) and purpose. A plain JSON document, diffed into patches. */
export type ConsentState = Readonly<Partial<Record<Channel | 'any', Partial<Record<ContactPurpose, ConsentRecord>>>>>

export const ConsentOptionsSchema = z.strictObject({
  /** Whether contact is allowed for a purpose nobody ever opted in or out of. Default: service yes, marketing no (opt-in). */
  defaults: z.strictObject({ service: z.boolean().optional(), marketing: z.boolean().optional() }).optional(),
  /**
   * Purposes for which an opt-out on one channel withdraws consent on every channel. Default
   * `['marketing']`: "STOP" to a promotional SMS means no promotional email either, but a
   * STOP to SMS service texts does not stop the email about the person's own refund.
   */
  personWide: z.array(z.enum(CONTACT_PURPOSES)).optional(),
})
export type ConsentOptions = z.input<typeof ConsentOptionsSchema>

/** Why contact is or is not allowed. */
export const CONTACT_REASONS = ['opted_in', 'opted_out', 'do_not_contact', 'default_allowed', 'no_consent', 'erased', 'unknown_person'] as const
export type ContactReason = (typeof CONTACT_REASONS)[number]

/** The answer of `canContact`: `since` and `eventId` name the decision it rests on, when there is one. */
export interface ContactDecision {
  readonly allowed: boolean
  readonly reason: ContactReason
  readonly since?: string
  readonly eventId?: string
}

/**
 * Folds one consent signal into the state (as an immer draft or a plain object). An opt-out
 * for a person-wide purpose is kept under `any`, so it outranks every older opt-in on any
 * channel, and only a later opt-in on a channel lifts it there.
 * @example applyConsentSignal(state, { channel: 'sms', purpose: 'any', granted: false }, { eventId, at, source: 'twilio.sms' })
 */
export function applyConsentSignal(
  state: Partial<Record<Channel | 'any', Partial<Record<ContactPurpose, ConsentRecord>>>>,
  signal: ConsentSignal,
  origin: { eventId: string; at: string; source: string },
  options: ConsentOptions = {},
): void {
  const personWide = new Set(options.personWide ?? ['marketing'])
  const purposes = signal.purpose === 'any' ? CONTACT_PURPOSES : [signal.purpose]
  for (const purpose of purposes) {
    const key = !signal.granted && personWide.has(purpose) ? 'any' : signal.channel
    const byPurpose = (state[key] ??= {})
    const record: ConsentRecord = { granted: signal.granted, channel: signal.channel, ...origin }
    const old = byPurpose[purpose]
    // Events are folded in time order; at equal times the opt-out wins, as the safer reading.
    if (!old || old.at < record.at || (old.at === record.at && !record.granted)) byPurpose[purpose] = record
  }
}

/**
 * Whether a person may be contacted on a channel for a purpose, from their profile's consent,
 * do-not-contact flag and the configured defaults.
 * @example decideContact(profile, 'email', 'marketing') // { allowed: false, reason: 'opted_out', since, eventId }
 */
export function decideContact(
  profile: { readonly consent: ConsentState; readonly doNotContact: { readonly value: boolean; readonly at: string; readonly eventId: string } | null },
  channel: ContactChannel,
  purpose: ContactPurpose,
  options: ConsentOptions = {},
): ContactDecision {
  const dnc = profile.doNotContact
  if (dnc?.value) return { allowed: false, reason: 'do_not_contact', since: dnc.at, eventId: dnc.eventId }
  const candidates = [profile.consent[channel]?.[purpose], profile.consent.any?.[purpose]].filter((r): r is ConsentRecord => r !== undefined)
  const latest = candidates.sort((a, b) => (a.at === b.at ? Number(a.granted) - Number(b.granted) : a.at > b.at ? -1 : 1))[0]
  if (latest) return { allowed: latest.granted, reason: latest.granted ? 'opted_in' : 'opted_out', since: latest.at, eventId: latest.eventId }
  const allowed = options.defaults?.[purpose] ?? purpose === 'service'
  return { allowed, reason: allowed ? 'default_allowed' : 'no_consent' }
}

export const ContactQuerySchema = z.strictObject({
  channel: z.enum(CONTACT_CHANNELS),
  purpose: z.enum(CONTACT_PURPOSES),
})

/**
 * Whether a channel name is one the company can reach a person on.
 * @example isContactChannel('sms') // true; isContactChannel('crm') // false
 */
export function isContactChannel(channel: string): channel is ContactChannel {
  return (CONTACT_CHANNELS as readonly string[]).includes(channel)
}

export const ConsentChannelSchema = z.union([z.enum(CHANNELS), z.literal('any')])
