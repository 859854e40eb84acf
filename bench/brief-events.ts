// The story bench/brief.ts and bench/brief-profile.ts tell: one customer, a message every ~4 hours.
import type { CustomerEventInput } from '../src/index.js'

const CHANNELS = ['email', 'chat', 'x', 'whatsapp', 'voice'] as const
const TEXTS = [
  'Hello, my order #A-1001 arrived broken. Can you send a replacement?',
  'As I already said, the box was crushed and the lamp is cracked.',
  'We will email you an update by Friday.',
  'I will call you back tomorrow with the replacement details.',
  'Any news on ticket #4521? This is getting ridiculous.',
]
export const START = Date.parse('2026-01-05T09:00:00Z')
export const HOUR = 3_600_000

export function profileEvent(i: number): CustomerEventInput {
  const agent = i % 3 === 2
  const channel = CHANNELS[i % CHANNELS.length] as (typeof CHANNELS)[number]
  return {
    type: channel === 'voice' ? 'call' : 'message',
    // Every ~4 hours: a long story of cases, reopen windows, clocks and promises.
    occurredAt: START + i * 4 * HOUR,
    channel,
    direction: agent ? 'outbound' : 'inbound',
    actor: agent ? { role: 'agent', id: 'jane', name: 'Jane Ortiz' } : { role: 'customer', name: 'Ann Lee' },
    identifiers: [{ kind: 'email', value: 'ann@example.com' }],
    content: channel === 'voice' ? { durationSeconds: 120, status: 'completed' } : { text: `${TEXTS[i % TEXTS.length]} (${i % 40 === 0 ? `order #B-${1000 + i}` : 'again'})` },
    thread: { key: `${channel}:${Math.floor(i / 10)}` },
    source: { system: 'bench', id: String(i) },
  }
}

