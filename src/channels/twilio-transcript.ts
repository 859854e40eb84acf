import { z } from 'zod'
import type { CustomerEventInput } from '../events/index.js'
import { eventIdFor } from '../events/index.js'
import { defineAdapter } from './channel-adapter.js'
import { companyActor } from './channel-context.js'
import { DateText, text, toMillis } from './payload-fields.js'

/** Twilio sends some numbers as strings (`"0.08"`) and some as numbers; both are accepted. */
const Seconds = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/u, 'expected seconds')]).transform(Number)

/**
 * One sentence of a Conversational Intelligence transcript, with Twilio's field names:
 * `media_channel` (which audio channel spoke), `sentence_index`, `start_time` and `end_time`
 * (seconds from the start of the media), `transcript`, `confidence`, `sid` (`GX...`).
 */
export const TwilioTranscriptSentenceSchema = z.looseObject({
  media_channel: z.number().int().nonnegative(),
  sentence_index: z.number().int().nonnegative(),
  start_time: Seconds,
  end_time: Seconds.optional(),
  transcript: z.string().max(100_000),
  confidence: z.union([z.number().finite(), z.string().regex(/^\d+(\.\d+)?$/u, 'expected a number')]).transform(Number).optional(),
  sid: z.string().optional(),
})

/** A transcript participant: `channel_participant` is the `media_channel` it spoke on. */
const ParticipantSchema = z.looseObject({
  channel_participant: z.number().int().nonnegative(),
  role: z.string().optional(),
  full_name: z.string().optional(),
  user_id: z.string().optional(),
  media_participant_id: z.string().optional(),
})

/**
 * `twilio.voice.transcript` payload: the Transcript resource's `sid` (as `transcript_sid`),
 * `date_created`, `media_start_time` and `channel.participants`, plus one page of its Sentences
 * list as `sentences`, and the `call_sid` the recording belongs to (Twilio keeps it in
 * `channel.media_properties.source_sid` when the source is a call; either is read).
 *
 * The shape is one transcript per payload with a page of sentences, rather than one sentence per
 * payload, because the participants (who is the agent, who the customer) live on the transcript
 * and the sentences list is paged: each page is a complete, redeliverable payload, and each
 * sentence becomes its own event (`<transcript_sid>:<sentence_index>`), so pages may arrive in
 * any order or twice.
 */
export const TwilioTranscriptSchema = z.looseObject({
  transcript_sid: z.string().regex(/^GT\w+$/u, 'expected a Twilio Transcript sid (GT...)'),
  call_sid: z.string().regex(/^CA\w+$/u, 'expected a Twilio CallSid (CA...)').optional(),
  date_created: DateText,
  media_start_time: DateText.optional(),
  channel: z
    .looseObject({
      participants: z.array(ParticipantSchema).max(50).optional(),
      media_properties: z.looseObject({ source_sid: z.string().optional() }).optional(),
    })
    .optional(),
  sentences: z.array(TwilioTranscriptSentenceSchema).max(10_000),
})
export type TwilioTranscript = z.output<typeof TwilioTranscriptSchema>

/**
 * `twilio.voice.transcript`: one `transcript` event per sentence, `about` the call's event
 * (`eventIdFor('twilio.voice', CallSid)`) and on the call's thread `twilio.call:<CallSid>`
 * (`twilio.transcript:<transcript_sid>` when no call is named). Sentences carry no identifiers:
 * the call they belong to already says who the customer is. A participant whose `role` is
 * `agent` is named through the agent directory (`user_id`, `media_participant_id`); a sentence
 * on a channel no participant names is attributed to the customer, its `data.mediaChannel`
 * kept so it can be re-attributed. Sentences are timed from `media_start_time` (else
 * `date_created`) plus `start_time`.
 */
export const twilioVoiceTranscript = defineAdapter({
  format: 'twilio.voice.transcript',
  schema: TwilioTranscriptSchema,
  toEvents(transcript, context) {
    const sourceSid = transcript.channel?.media_properties?.source_sid
    const callSid = transcript.call_sid ?? (sourceSid?.startsWith('CA') ? sourceSid : undefined)
    const start = toMillis(transcript.media_start_time ?? transcript.date_created)
    const participants = new Map((transcript.channel?.participants ?? []).map((p) => [p.channel_participant, p]))
    const key = callSid ? `twilio.call:${callSid}` : `twilio.transcript:${transcript.transcript_sid}`
    const events = transcript.sentences.map((sentence): CustomerEventInput => {
      const speaker = participants.get(sentence.media_channel)
      const isAgent = speaker?.role?.toLowerCase() === 'agent'
      const name = text(speaker?.full_name)
      const words = text(sentence.transcript)
      return {
        type: 'transcript',
        // Whole milliseconds: offsets such as 0.08 s must not produce fractional times.
        occurredAt: Math.round(start + sentence.start_time * 1000),
        channel: 'voice',
        direction: isAgent ? 'outbound' : 'inbound',
        actor: isAgent
          ? companyActor(context, [speaker?.user_id, speaker?.media_participant_id], name)
          : { role: 'customer', ...(name ? { name } : {}) },
        content: words ? { text: words } : {},
        thread: { key },
        ...(callSid ? { about: eventIdFor('twilio.voice', callSid) } : {}),
        source: { system: 'twilio.transcript', id: `${transcript.transcript_sid}:${sentence.sentence_index}`, format: 'twilio.voice.transcript' },
        data: {
          transcriptSid: transcript.transcript_sid,
          sentenceIndex: sentence.sentence_index,
          mediaChannel: sentence.media_channel,
          startTime: sentence.start_time,
          ...(sentence.end_time === undefined ? {} : { endTime: sentence.end_time }),
          ...(sentence.confidence === undefined ? {} : { confidence: sentence.confidence }),
        },
      }
    })
    return events.length > 0 ? { events } : { events, skipped: 'transcript page without sentences' }
  },
})
