import { describe, expect, it } from 'vitest'
import { adapt, safeAdapt } from '../../src/channels/index.js'
import { context, fixture, rejection } from './helpers.js'

describe('chatwoot.webhook', () => {
  it('maps an incoming message to the contact, with every identifier Chatwoot holds', () => {
    const [message] = adapt('chatwoot.webhook', fixture('chatwoot-incoming.json'), context)
    expect(message).toMatchObject({
      channel: 'chat',
      direction: 'inbound',
      occurredAt: '2024-05-20T14:02:11.000Z',
      actor: { role: 'customer', name: 'Ann Lee' },
      thread: { key: 'chatwoot.conversation:3:2051' },
      source: { system: 'chatwoot', id: '3:9312' },
    })
    expect(message?.identifiers.map((i) => `${i.kind}:${i.value}`)).toEqual(['chatwoot:3:412', 'email:ann.lee@example.net', 'phone:+14155552671'])
  })

  it('keeps an agent reply on the customer timeline with the agent named, never as a customer identifier', () => {
    const [reply] = adapt('chatwoot.webhook', fixture('chatwoot-outgoing.json'), context)
    expect(reply?.direction).toBe('outbound')
    expect(reply?.actor).toEqual({ role: 'agent', id: 'agent-ana', name: 'Ana Agent' })
    expect(reply?.identifiers.map((i) => i.value)).not.toContain('ana@acme.example')
    expect(reply?.identifiers.map((i) => i.value)).toContain('3:412')
  })

  it('records a private note as internal', () => {
    const [note] = adapt('chatwoot.webhook', { ...fixture('chatwoot-outgoing.json'), private: true }, context)
    expect(note?.direction).toBe('internal')
  })

  it('skips activity messages and other webhook events, saying why', () => {
    expect(safeAdapt('chatwoot.webhook', { ...fixture('chatwoot-incoming.json'), message_type: 'activity' }, context)).toMatchObject({ success: true, events: [], skipped: expect.stringContaining('activity') })
    expect(safeAdapt('chatwoot.webhook', { event: 'conversation_status_changed', id: 2051 }, context)).toMatchObject({ success: true, events: [] })
  })

  it('accepts Unix-seconds created_at, as the conversation API sends it', () => {
    const [message] = adapt('chatwoot.webhook', { ...fixture('chatwoot-incoming.json'), created_at: 1716213731 }, context)
    expect(message?.occurredAt).toBe('2024-05-20T14:02:11.000Z')
  })

  it('requires the account of a message_created, naming it', async () => {
    const { account: _omit, ...payload } = fixture('chatwoot-incoming.json')
    expect((await rejection('chatwoot.webhook', payload)).path).toEqual(['payload', 'account'])
  })
})
