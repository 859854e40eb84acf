import { describe, expect, it } from 'vitest'
import { adapt } from '../../src/channels/index.js'
import { context, fixture } from './helpers.js'

describe('meta.instagram', () => {
  it('scopes the customer to the Instagram account and threads by IGSID', () => {
    const [message] = adapt('meta.instagram', fixture('meta-instagram.json'), context)
    expect(message).toMatchObject({
      channel: 'instagram',
      direction: 'inbound',
      identifiers: [{ kind: 'instagram', value: '17841400000000000:1234567890123456', grade: 'channel' }],
      thread: { key: 'instagram:17841400000000000:1234567890123456' },
    })
  })

  it('maps an echo to an outbound reply and a read with mid to a status about it', () => {
    const [, echo, read] = adapt('meta.instagram', fixture('meta-instagram.json'), context)
    expect(echo).toMatchObject({ direction: 'outbound', actor: { role: 'agent' } })
    expect(read).toMatchObject({ type: 'status', about: echo?.id, content: { status: 'read' } })
  })
})
