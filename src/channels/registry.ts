import type { ChannelAdapter } from './channel-adapter.js'
import { emailPostalMime } from './email-postal-mime.js'
import { twilioVoiceStatus } from './twilio-voice.js'

/** Every built-in adapter, by format id. */
export const ADAPTERS: ReadonlyMap<string, ChannelAdapter> = new Map(
  ([emailPostalMime, twilioVoiceStatus] as ChannelAdapter[]).map((adapter) => [adapter.format, adapter]),
)

/** The format ids `adapt` accepts. */
export const FORMATS: readonly string[] = [...ADAPTERS.keys()]
