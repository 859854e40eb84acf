import { describe, expect, it } from 'vitest'
import { adapt, safeAdapt } from '../../src/channels/index.js'
import { eventIdFor } from '../../src/events/index.js'
import { context, fixture } from './helpers.js'

describe('whatsapp.cloud', () => {
  it('maps text, interactive replies and image captions, with the wa_id as an E.164 phone', () => {
    const events = adapt('whatsapp.cloud', fixture('whatsapp-messages.json'), context)
    expect(events.map((e) => e.content?.text)).toEqual(['Hi, can I change my delivery address?', 'Yes, change it', 'new address label'])
    for (const event of events) {
      expect(event.identifiers).toEqual([{ kind: 'phone', value: '+14155552671', grade: 'channel' }])
      expect(event.thread?.key).toBe('whatsapp:106540352242922:14155552671')
      expect(event.traits).toEqual({ name: 'Ann Lee' })
    }
    expect(events[1]?.thread?.inReplyTo).toBe('wamid.HBgLMTQxNTU1NTI2NzEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA')
  })

  it('maps each status to its own status event about the sent message', () => {
    const statuses = adapt('whatsapp.cloud', fixture('whatsapp-statuses.json'), context)
    expect(statuses.map((s) => s.content?.status)).toEqual(['delivered', 'read', 'failed'])
    expect(statuses[0]?.about).toBe(eventIdFor('whatsapp', 'wamid.HBgLMTQxNTU1NTI2NzEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA'))
    expect(new Set(statuses.map((s) => s.id)).size).toBe(3)
    expect(statuses[2]?.data).toEqual({ errors: ['Re-engagement message'] })
  })

  it('uses the business-scoped user id when the phone number is absent', () => {
    const payload = fixture<any>('whatsapp-messages.json')
    const value = payload.entry[0].changes[0].value
    value.contacts = [{ profile: { name: 'Ann Lee' }, user_id: 'US.13491208655302741918' }]
    value.messages = [{ ...value.messages[0], from: undefined, from_user_id: 'US.13491208655302741918' }]
    const [message] = adapt('whatsapp.cloud', payload, context)
    expect(message?.identifiers).toEqual([{ kind: 'whatsapp', value: 'US.13491208655302741918', grade: 'channel' }])
  })

  it('maps a coexistence echo as an outbound reply and keeps the business number out', () => {
    const payload = fixture<any>('whatsapp-messages.json')
    const value = payload.entry[0].changes[0].value
    value.message_echoes = [{ from: '14155550100', to: '14155552671', id: 'wamid.ECHO1', timestamp: '1716500100', type: 'text', text: { body: 'Done!' } }]
    delete value.messages
    const [echo] = adapt('whatsapp.cloud', payload, context)
    expect(echo).toMatchObject({ direction: 'outbound', actor: { role: 'agent' }, identifiers: [{ kind: 'phone', value: '+14155552671' }] })
  })

  it('skips a change with neither messages nor statuses', () => {
    const payload = fixture<any>('whatsapp-statuses.json')
    delete payload.entry[0].changes[0].value.statuses
    expect(safeAdapt('whatsapp.cloud', payload, context)).toMatchObject({ success: true, events: [], skipped: expect.any(String) })
  })
})
