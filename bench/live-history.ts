// CPU cost of ingesting one new event into a profile that already holds n events (memory store):
// the live case where a long-standing customer writes again. p50 / p99 CPU ms.
//   npx tsx bench/live-history.ts [--sizes 10,100,1000,5000] [--samples 50]
import { createEngine, createMemoryStore, type CustomerEventInput } from '../src/index.js'
import { parseArgs } from './generate.js'

const args = parseArgs(process.argv.slice(2))
const sizes = (args.get('sizes') ?? '10,100,1000,5000').split(',').map(Number)
const samples = Number(args.get('samples') ?? 50)
const START = Date.parse('2026-01-05T09:00:00Z')
const HOUR = 3_600_000

const event = (i: number): CustomerEventInput => ({
  type: 'message',
  occurredAt: START + i * HOUR,
  channel: i % 2 === 0 ? 'email' : 'chat',
  direction: 'inbound',
  actor: { role: 'customer', name: 'Ann Lee' },
  identifiers: [{ kind: 'email', value: 'ann@example.com' }],
  content: { text: `message ${i}` },
  source: { system: 'bench', id: String(i) },
})

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since)
  return (u.user + u.system) / 1000
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number

for (const n of sizes) {
  let now = START + n * HOUR
  const engine = createEngine({ store: createMemoryStore(), clock: () => new Date(now) })
  await engine.ingest(Array.from({ length: n }, (_, i) => event(i)))
  const times: number[] = []
  for (let s = 0; s < samples; s++) {
    now += HOUR
    const t = process.cpuUsage()
    await engine.ingest([event(n + s)])
    times.push(cpuMs(t))
  }
  const held = (await engine.profile({ email: 'ann@example.com' }))?.eventCount
  if (held !== n + samples) throw new Error(`expected one profile of ${n + samples} events, got ${held}`)
  console.log(`${n} events: one more event p50 ${pct(times, 0.5).toFixed(2)} ms, p99 ${pct(times, 0.99).toFixed(2)} ms CPU`)
}
