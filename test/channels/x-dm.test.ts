import { describe, expect, it } from 'vitest'
import { adapt, safeAdapt } from '../../src/channels/index.js'
import { context, fixture } from './helpers.js'

describe('x.dm', () => {
  it('maps MessageCreate events and skips membership events, saying which', () => {
    const result = safeAdapt('x.dm', fixture('x-dm.json'), context)
    expect(result).toMatchObject({ success: true, skipped: expect.stringContaining('ParticipantsJoin') })
    if (result.success) expect(result.events).toHaveLength(2)
  })

  it('puts the brand reply on the customer timeline, the customer found from the conversation id', () => {
    const [question, answer] = adapt('x.dm', fixture('x-dm.json'), context)
    expect(question).toMatchObject({ direction: 'inbound', thread: { key: 'x.dm:1530999888777666555-2244994945' }, traits: { username: 'annlee_sf' } })
    expect(answer).toMatchObject({ direction: 'outbound', actor: { name: 'Ana Agent' }, identifiers: [{ kind: 'x', value: '1530999888777666555' }] })
  })

  it('accepts a bare DM event as a webhook relays it', () => {
    const bare = fixture<{ data: unknown[] }>('x-dm.json').data[0]
    expect(adapt('x.dm', bare, context)).toHaveLength(1)
  })
})
