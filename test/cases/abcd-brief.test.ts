import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildBrief, renderBrief } from '../../src/cases/index.js'
import { type CustomerEvent, parseEvent } from '../../src/events/index.js'

interface Dialogue {
  convo_id: number
  scenario: { personal: Record<string, string>; order?: { order_id?: string } }
  original: [speaker: 'agent' | 'customer' | 'action', text: string][]
}
const dialogues = JSON.parse(readFileSync(new URL('../fixtures/abcd/abcd_sample.json', import.meta.url), 'utf8')) as Dialogue[]

/** One chat event per turn, 20 seconds apart; action turns are the agent's actions about the previous turn. */
function toEvents(d: Dialogue): CustomerEvent[] {
  const start = Date.parse('2026-11-16T14:00:00Z')
  const events: CustomerEvent[] = []
  d.original.forEach(([speaker, text], i) => {
    const input = {
      type: speaker === 'action' ? 'action' : 'message',
      occurredAt: start + i * 20_000,
      channel: 'chat',
      direction: speaker === 'customer' ? 'inbound' : speaker === 'agent' ? 'outbound' : 'internal',
      actor: speaker === 'customer' ? { role: 'customer' } : { role: 'agent', id: 'abcd-agent', name: 'ABCD Agent' },
      identifiers: [{ kind: 'chatwoot', value: `1:${d.convo_id}` }],
      content: { text },
      thread: { key: `abcd:${d.convo_id}` },
      ...(speaker === 'action' && events.length > 0 ? { about: events.at(-1)!.id } : {}),
      source: { system: 'abcd', id: `${d.convo_id}:${i}` },
    }
    const parsed = parseEvent(input)
    if (!parsed.success) throw new Error(JSON.stringify(parsed.issues))
    events.push(parsed.event)
  })
  return events
}

const facts = (d: Dialogue) => {
  const events = toEvents(d)
  const brief = buildBrief({ events, asOf: events.at(-1)!.occurredAt })
  return { brief, events, stated: new Map(brief.customer.statedFacts.map((f) => [f.text.split(' ')[0], f.text.slice(f.text.indexOf(' ') + 1)])) }
}

describe('brief over ABCD dialogues', () => {
  it.each(dialogues.map((d) => [d.convo_id, d] as const))('dialogue %s: carries every fact the customer stated, so none is asked twice', (_id, d) => {
    const { stated, events, brief } = facts(d)
    const said = d.original.filter(([s]) => s === 'customer').map(([, t]) => t.toLowerCase()).join('\n')
    const p = d.scenario.personal
    const digits = (s: string) => s.replace(/\D/gu, '')
    // Only what the customer actually said in this chat can be expected.
    if (p.customer_name && said.includes(p.customer_name)) expect(stated.get('name')?.toLowerCase()).toBe(p.customer_name)
    if (p.email && said.includes(p.email)) expect(stated.get('email')).toBe(p.email)
    if (p.username && said.includes(p.username)) expect(stated.get('username')).toBe(p.username)
    if (p.phone && said.includes(p.phone)) expect(digits(stated.get('phone') ?? '')).toBe(`1${digits(p.phone)}`)
    const order = d.scenario.order?.order_id
    if (order && said.includes(order)) expect(stated.get('order')).toBe(order)
    // Every stated fact points at the customer message that stated it.
    const byId = new Map(events.map((e) => [e.id, e]))
    for (const f of brief.customer.statedFacts) expect(byId.get(f.eventIds[0]!)?.actor.role).toBe('customer')
    expect(renderBrief(brief, 'text').split('\n').length).toBeLessThanOrEqual(25)
  })

  it('reads the first dialogue completely: name, username, email, order id and phone', () => {
    const { stated } = facts(dialogues[0]!)
    expect(Object.fromEntries(stated)).toMatchObject({
      name: 'Crystal Minh',
      username: 'cminh730',
      email: 'cminh730@email.com',
      order: '3348917502',
      phone: '+19776252661',
    })
  })

  it('records the agent promise at the end of the first dialogue with its owner', () => {
    const { brief } = facts(dialogues[0]!)
    expect(brief.cases[0]?.commitments[0]).toMatchObject({ owner: 'ABCD Agent', status: 'open' })
    expect(brief.cases[0]?.issue?.text).toContain('I need to return an item')
  })
})
