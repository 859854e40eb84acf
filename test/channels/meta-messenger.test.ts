import { describe, expect, it } from 'vitest'
import { adapt, safeAdapt } from '../../src/channels/index.js'
import { context, fixture } from './helpers.js'

describe('meta.messenger', () => {
  it('makes one event per message in a batched webhook, with the page-scoped id', () => {
    const events = adapt('meta.messenger', fixture('meta-messenger.json'), context)
    const messages = events.filter((e) => e.type === 'message')
    expect(messages).toHaveLength(3)
    expect(messages[0]).toMatchObject({
      occurredAt: '2024-05-21T14:00:00.123Z',
      identifiers: [{ kind: 'messenger', value: '105478991234567:6789012345678901' }],
      thread: { key: 'messenger:105478991234567:6789012345678901', messageId: 'm_AbCdEf1234567890' },
    })
    expect(messages[1]?.content).toEqual({ attachments: 1 })
  })

  it('maps an echo to an outbound reply named by the app, and never makes the page a customer', () => {
    const echo = adapt('meta.messenger', fixture('meta-messenger.json'), context).find((e) => e.thread?.messageId === 'm_ZyXw0987654321')
    expect(echo).toMatchObject({ direction: 'outbound', actor: { role: 'agent', name: 'Ana Agent' } })
    expect(echo?.identifiers).toEqual([{ kind: 'messenger', value: '105478991234567:6789012345678901', grade: 'channel' }])
  })

  it('maps delivery to a status about the message and skips the read watermark', () => {
    const result = safeAdapt('meta.messenger', fixture('meta-messenger.json'), context)
    if (!result.success) throw new Error('expected success')
    const echo = result.events.find((e) => e.thread?.messageId === 'm_ZyXw0987654321')
    expect(result.events.find((e) => e.type === 'status')).toMatchObject({
      about: echo?.id,
      content: { status: 'delivered' },
      identifiers: [{ kind: 'messenger', value: '105478991234567:6789012345678901' }],
    })
    expect(result.skipped).toContain('watermark')
  })
})
