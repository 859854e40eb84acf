export { adapt, adapterFor, type AdaptResult, describeIssue, safeAdapt } from './adapt.js'
export { type AdapterOutput, type ChannelAdapter, defineAdapter } from './channel-adapter.js'
export {
  AgentSchema,
  type ChannelContext,
  type ChannelContextInput,
  ChannelContextInputSchema,
  companyActor,
  createChannelContext,
  isOwnEmail,
} from './channel-context.js'
export { emailPostalMime, PostalMimeEmailSchema, type PostalMimeEmail, baseSubject, messageIds } from './email-postal-mime.js'
export { ADAPTERS, FORMATS } from './registry.js'
export { TwilioVoiceStatusSchema, type TwilioVoiceStatus, twilioVoiceStatus } from './twilio-voice.js'
