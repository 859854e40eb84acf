// Brief and timeline latency for one profile of 10, 100 and 1,000 events, in memory.
// Run: npx tsx bench/brief.ts
import { buildBrief, createEngine, type CustomerEventInput } from '../src/index.js'
import { buildTimeline } from '../src/timeline/index.js'

const CHANNELS = ['email', 'chat', 'x', 'whatsapp', 'voice'] as const
const TEXTS = [
  'Hello, my order #A-1001 arrived broken. Can you send a replacement?',
  'As I already said, the box was crushed and the lamp is cracked.',
  'We will email you an update by Friday.',
  'I will call you back tomorrow with the replacement details.',
  'Any news on ticket #4521? This is getting ridiculous.',
]

function profileEvents(n: number): CustomerEventInput[] {
  const start = Date.parse('2026-01-05T09:00:00Z')
  return Array.from({ length: n }, (_, i) => {
    const agent = i % 3 === 2
    const channel = CHANNELS[i % CHANNELS.length] as (typeof CHANNELS)[number]
    return {
      type: channel === 'voice' ? 'call' : 'message',
      // Every ~4 hours: a long story of many cases, reopen windows and clocks.
      occurredAt: start + i * 4 * 3_600_000,
      channel,
      direction: agent ? 'outbound' : 'inbound',
      actor: agent ? { role: 'agent', id: 'jane', name: 'Jane Ortiz' } : { role: 'customer', name: 'Ann Lee' },
      identifiers: [{ kind: 'email', value: 'ann@example.com' }],
      content: channel === 'voice' ? { durationSeconds: 120, status: 'completed' } : { text: `${TEXTS[i % TEXTS.length]} (${i % 40 === 0 ? `order #B-${1000 + i}` : 'again'})` },
      thread: { key: `${channel}:${Math.floor(i / 10)}` },
      source: { system: 'bench', id: String(i) },
    }
  })
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

async function time(runs: number, work: () => unknown): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 5; i++) await work()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await work()
    samples.push(performance.now() - t)
  }
  samples.sort((a, b) => a - b)
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) }
}

const asOf = '2026-12-31T12:00:00Z'
const rows: Record<string, string>[] = []
for (const n of [10, 100, 1_000]) {
  const engine = createEngine({ clock: () => new Date(asOf) })
  await engine.ingest(profileEvents(n))
  const lookup = { email: 'ann@example.com' }
  const events = await engine.events(lookup)
  const runs = n >= 1_000 ? 200 : 500
  const ms = (r: { p50: number; p99: number }) => `${r.p50.toFixed(3)} / ${r.p99.toFixed(3)}`
  rows.push({
    events: String(n),
    'store read (engine.events)': ms(await time(runs, () => engine.events(lookup))),
    'timeline build': ms(await time(runs, () => buildTimeline(events))),
    'brief build (pure)': ms(await time(runs, () => buildBrief({ events, asOf }))),
    'engine.brief (read + build)': ms(await time(runs, () => engine.brief(lookup, { asOf }))),
  })
}
console.log('p50 / p99 in milliseconds, one profile, memory store')
console.table(rows)
