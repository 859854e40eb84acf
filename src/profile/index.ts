export { buildProfile, DO_NOT_CONTACT_ACTION, type DoNotContact, type Profile, type ProfileIdentifier, type ProfileTrait, type Provenance } from './build-profile.js'
export {
  applyConsentSignal,
  CONTACT_CHANNELS,
  CONTACT_PURPOSES,
  CONTACT_REASONS,
  ConsentChannelSchema,
  type ConsentOptions,
  ConsentOptionsSchema,
  type ConsentRecord,
  type ConsentState,
  type ContactChannel,
  type ContactDecision,
  type ContactPurpose,
  ContactQuerySchema,
  type ContactReason,
  decideContact,
  isContactChannel,
} from './consent.js'
export { PREFERRED_CHANNEL_ACTION, type PreferredChannel, type PreferredChannelOptions, preferredChannel, sourceOf } from './preferred-channel.js'
export { type ProfileOptions, ProfileOptionsSchema } from './profile-options.js'
export {
  DEFAULT_SURVIVORSHIP,
  type FieldRule,
  FieldRuleSchema,
  ruleFor,
  SURVIVORSHIP_RULES,
  type SurvivorshipOptions,
  SurvivorshipOptionsSchema,
  type SurvivorshipRuleName,
  type Survivor,
  surviveTrait,
  type TraitObservation,
} from './survivorship.js'
