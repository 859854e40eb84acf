import { describe, expect, it } from 'vitest'
import { adapt, snowflakeTime } from '../../src/channels/index.js'
import { eventIdFor } from '../../src/events/index.js'
import { context, fixture } from './helpers.js'

describe('x.post', () => {
  it('maps a single post to an inbound message with the author id and username', () => {
    const [post] = adapt('x.post', fixture('x-post-single.json'), context)
    expect(post).toMatchObject({
      id: eventIdFor('x', '1790123456789012345'),
      channel: 'x',
      direction: 'inbound',
      identifiers: [{ kind: 'x', value: '1530999888777666555', grade: 'channel' }],
      traits: { username: 'annlee_sf', name: 'Ann Lee' },
      thread: { key: 'x.conversation:1790123456789012345', messageId: '1790123456789012345' },
    })
  })

  it('maps an array of posts, and a brand reply belongs to the customer it answers', () => {
    const [reply, followUp] = adapt('x.post', fixture('x-post-array.json'), context)
    expect(reply).toMatchObject({
      direction: 'outbound',
      actor: { role: 'agent', id: 'agent-ana' },
      identifiers: [{ kind: 'x', value: '1530999888777666555' }],
      thread: { inReplyTo: '1790123456789012345' },
    })
    expect(followUp?.identifiers.map((i) => i.value)).toEqual(['1530999888777666555'])
    expect(reply?.identifiers.map((i) => i.value)).not.toContain('2244994945')
  })

  it('reads the time from the snowflake id when created_at was not requested', () => {
    const payload = fixture<{ data: Record<string, unknown> }>('x-post-single.json')
    delete payload.data.created_at
    const [post] = adapt('x.post', payload, context)
    expect(post?.occurredAt).toBe(new Date(snowflakeTime('1790123456789012345') ?? 0).toISOString())
    expect(post?.occurredAt.startsWith('2024-05-13')).toBe(true)
  })
})
