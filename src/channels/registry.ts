import type { ChannelAdapter } from './channel-adapter.js'
import { chatwootWebhook } from './chatwoot-webhook.js'
import { csvRecord } from './csv-record.js'
import { emailPostalMime } from './email-postal-mime.js'
import { emailRfc5322 } from './email-rfc5322.js'
import { metaInstagram } from './meta-instagram.js'
import { metaMessenger } from './meta-messenger.js'
import { twilioSms } from './twilio-sms.js'
import { twilioVoiceTranscript } from './twilio-transcript.js'
import { twilioVoiceStatus } from './twilio-voice.js'
import { whatsappCloud } from './whatsapp-cloud.js'
import { xDm } from './x-dm.js'
import { xPost } from './x-post.js'

/** The format ids `adapt` accepts: a public contract, so ids are only ever added. */
export const FORMATS = [
  'twilio.voice.status',
  'twilio.voice.transcript',
  'twilio.sms',
  'email.postal-mime',
  'email.rfc5322',
  'chatwoot.webhook',
  'x.post',
  'x.dm',
  'meta.messenger',
  'meta.instagram',
  'whatsapp.cloud',
  'csv.record',
] as const
export type Format = (typeof FORMATS)[number]

/** Formats whose adapter is asynchronous: `adapt` returns a Promise for these only. */
export const ASYNC_FORMATS = ['email.rfc5322'] as const satisfies readonly Format[]
export type AsyncFormat = (typeof ASYNC_FORMATS)[number]
export type SyncFormat = Exclude<Format, AsyncFormat>

const BUILT_IN: Record<Format, ChannelAdapter> = {
  'twilio.voice.status': twilioVoiceStatus,
  'twilio.voice.transcript': twilioVoiceTranscript,
  'twilio.sms': twilioSms,
  'email.postal-mime': emailPostalMime,
  'email.rfc5322': emailRfc5322,
  'chatwoot.webhook': chatwootWebhook,
  'x.post': xPost,
  'x.dm': xDm,
  'meta.messenger': metaMessenger,
  'meta.instagram': metaInstagram,
  'whatsapp.cloud': whatsappCloud,
  'csv.record': csvRecord,
} as Record<Format, ChannelAdapter>

/** Every built-in adapter, by format id. */
export const ADAPTERS: ReadonlyMap<string, ChannelAdapter> = new Map(FORMATS.map((format) => [format, BUILT_IN[format]]))

/** Whether a string is a format id throughline knows, narrowing it to {@link Format}. */
export function isFormat(value: string): value is Format {
  return ADAPTERS.has(value)
}
