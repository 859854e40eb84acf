import { describe, expect, it } from 'vitest'
import { adapt } from '../../src/channels/index.js'
import { eventIdFor } from '../../src/events/index.js'
import { context, fixture } from './helpers.js'

describe('twilio.voice.transcript', () => {
  it('makes one transcript event per sentence, about the call and on its thread', () => {
    const events = adapt('twilio.voice.transcript', fixture('twilio-transcript.json'), context)
    expect(events).toHaveLength(3)
    for (const event of events) {
      expect(event.type).toBe('transcript')
      expect(event.about).toBe(eventIdFor('twilio.voice', 'CA5f1e2d3c4b5a69788796a5b4c3d2e1f0'))
      expect(event.thread?.key).toBe('twilio.call:CA5f1e2d3c4b5a69788796a5b4c3d2e1f0')
      expect(event.identifiers).toEqual([])
    }
  })

  it('times each sentence from the media start plus its start_time', () => {
    const events = adapt('twilio.voice.transcript', fixture('twilio-transcript.json'), context)
    expect(events.map((e) => e.occurredAt)).toEqual(['2024-05-14T16:20:00.080Z', '2024-05-14T16:20:03.100Z', '2024-05-14T16:20:08.400Z'])
  })

  it('names the agent who made a promise and marks the customer sentences as inbound', () => {
    const [greeting, customer, promise] = adapt('twilio.voice.transcript', fixture('twilio-transcript.json'), context)
    expect(greeting?.actor).toEqual({ role: 'agent', id: 'agent-ana', name: 'Ana Agent' })
    expect(customer).toMatchObject({ direction: 'inbound', actor: { role: 'customer', name: 'Ann Lee' } })
    expect(promise?.content?.text).toContain('email you the receipt')
  })

  it('gives the same ids to sentences delivered again on another page', () => {
    const payload = fixture<{ sentences: unknown[] }>('twilio-transcript.json')
    const all = adapt('twilio.voice.transcript', payload, context)
    const secondPage = adapt('twilio.voice.transcript', { ...payload, sentences: payload.sentences.slice(2) }, context)
    expect(secondPage[0]?.id).toBe(all[2]?.id)
  })

  it('falls back to the recording source_sid when it is a call, and to the transcript thread otherwise', () => {
    const { call_sid: _omit, ...payload } = fixture('twilio-transcript.json')
    const [event] = adapt('twilio.voice.transcript', payload, context)
    expect(event?.about).toBeUndefined()
    expect(event?.thread?.key).toBe('twilio.transcript:GT0123456789abcdef0123456789abcdef')
    const viaSource = { ...payload, channel: { media_properties: { source_sid: 'CA99' } } }
    expect(adapt('twilio.voice.transcript', viaSource, context)[0]?.about).toBe(eventIdFor('twilio.voice', 'CA99'))
  })
})
