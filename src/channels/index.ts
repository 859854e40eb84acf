export { adapt, adaptAsync, adapterFor, type AdaptResult, describeIssue, safeAdapt, safeAdaptAsync } from './adapt.js'
export { type AdapterOutput, type ChannelAdapter, defineAdapter, payloadError } from './channel-adapter.js'
export {
  AgentSchema,
  type ChannelContext,
  type ChannelContextInput,
  ChannelContextInputSchema,
  companyActor,
  createChannelContext,
  isOwnEmail,
} from './channel-context.js'
export { type ChatwootWebhook, ChatwootWebhookSchema, chatwootWebhook } from './chatwoot-webhook.js'
export { CSV_COLUMN_ROLES, type CsvColumnRole, type CsvRecord, CsvRecordSchema, csvColumnRoles, csvRecord } from './csv-record.js'
export { baseSubject, emailPostalMime, messageIds, type PostalMimeEmail, PostalMimeEmailSchema } from './email-postal-mime.js'
export { emailRfc5322, type Rfc5322Message, Rfc5322MessageSchema } from './email-rfc5322.js'
export { formatJsonSchema } from './format-json-schema.js'
export { type MetaInstagram, MetaInstagramSchema, metaInstagram } from './meta-instagram.js'
export { type MetaMessenger, MetaMessengerSchema, metaMessenger } from './meta-messenger.js'
export { ADAPTERS, ASYNC_FORMATS, type AsyncFormat, FORMATS, type Format, isFormat, type SyncFormat } from './registry.js'
export { smsConsent, type TwilioSms, TwilioSmsSchema, twilioSms } from './twilio-sms.js'
export { type TwilioTranscript, TwilioTranscriptSchema, twilioVoiceTranscript } from './twilio-transcript.js'
export { TwilioVoiceStatusSchema, type TwilioVoiceStatus, twilioVoiceStatus } from './twilio-voice.js'
export { type WhatsAppCloud, WhatsAppCloudSchema, whatsappCloud } from './whatsapp-cloud.js'
export { type XDm, XDmSchema, xDm } from './x-dm.js'
export { snowflakeTime, type XPost, XPostSchema, xPost } from './x-post.js'
