import { z } from 'zod'
import { ConsentOptionsSchema } from './consent.js'
import { SurvivorshipOptionsSchema } from './survivorship.js'

/** How profiles are built: `createEngine({ profile: { survivorship, consent, preferredChannel } })`. */
export const ProfileOptionsSchema = z.strictObject({
  survivorship: SurvivorshipOptionsSchema.optional(),
  consent: ConsentOptionsSchema.optional(),
  preferredChannel: z.strictObject({ windowDays: z.number().int().positive().max(3650).optional() }).optional(),
})
export type ProfileOptions = z.input<typeof ProfileOptionsSchema>
