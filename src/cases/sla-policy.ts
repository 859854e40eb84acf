import { z } from 'zod'
import { CHANNELS, type Channel } from '../events/index.js'

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type Priority = (typeof PRIORITIES)[number]

/**
 * A response-time budget for contacts that start a wait on some channels. `minutes: null`
 * means the channel has no response SLA (a live call is answered or missed, not queued).
 * `businessHours: true` counts only opening hours of the business calendar.
 */
export const SlaPolicySchema = z.object({
  channels: z.array(z.enum(CHANNELS)).min(1),
  /** Applies to this priority only; a policy without one applies to every priority. */
  priority: z.enum(PRIORITIES).optional(),
  minutes: z.number().positive().max(525_600).nullable(),
  businessHours: z.boolean().default(false),
})
export type SlaPolicyInput = z.input<typeof SlaPolicySchema>
export type SlaPolicy = z.output<typeof SlaPolicySchema>

/**
 * Defaults: public and private social (X, Messenger, Instagram, WhatsApp) and SMS within one
 * hour around the clock, since customers there expect it and the complaint is visible; chat
 * within 15 business minutes; email within 4 business hours; voice and internal channels have none.
 * Urgent email and chat are four times faster.
 */
export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = [
  { channels: ['email'], priority: 'urgent', minutes: 60, businessHours: true },
  { channels: ['chat', 'web'], priority: 'urgent', minutes: 5, businessHours: true },
  { channels: ['x', 'messenger', 'instagram', 'whatsapp', 'sms'], minutes: 60, businessHours: false },
  { channels: ['chat', 'web'], minutes: 15, businessHours: true },
  { channels: ['email'], minutes: 240, businessHours: true },
  { channels: ['voice', 'crm', 'system'], minutes: null, businessHours: false },
]

/**
 * The policy for a channel and priority: the first that names the priority, else the first
 * without one; `undefined` when none covers the channel.
 * @example policyFor(DEFAULT_SLA_POLICIES, 'email', 'normal')?.minutes // 240
 */
export function policyFor(policies: readonly SlaPolicy[], channel: Channel, priority: Priority): SlaPolicy | undefined {
  return (
    policies.find((p) => p.priority === priority && p.channels.includes(channel)) ??
    policies.find((p) => p.priority === undefined && p.channels.includes(channel))
  )
}
