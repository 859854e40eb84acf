// Brief and timeline latency for one profile of 10, 100 and 1,000 events, in memory.
// Run: npx tsx bench/brief.ts
// Before/after in one process (samples alternate, so both see the same machine load):
//   mkdir -p /tmp/baseline && git archive <old-commit> src | tar -x -C /tmp/baseline
//   npx tsx bench/brief.ts --baseline /tmp/baseline/src
import { buildBrief, createEngine, type CustomerEventInput, parseEvent, type CustomerEvent } from '../src/index.js'
import { buildTimeline } from '../src/timeline/index.js'

const CHANNELS = ['email', 'chat', 'x', 'whatsapp', 'voice'] as const
const TEXTS = [
  'Hello, my order #A-1001 arrived broken. Can you send a replacement?',
  'As I already said, the box was crushed and the lamp is cracked.',
  'We will email you an update by Friday.',
  'I will call you back tomorrow with the replacement details.',
  'Any news on ticket #4521? This is getting ridiculous.',
]
const START = Date.parse('2026-01-05T09:00:00Z')

function profileEvent(i: number, sourceId = String(i)): CustomerEventInput {
  const agent = i % 3 === 2
  const channel = CHANNELS[i % CHANNELS.length] as (typeof CHANNELS)[number]
  return {
    type: channel === 'voice' ? 'call' : 'message',
    // Every ~4 hours: a long story of many cases, reopen windows and clocks.
    occurredAt: START + i * 4 * 3_600_000,
    channel,
    direction: agent ? 'outbound' : 'inbound',
    actor: agent ? { role: 'agent', id: 'jane', name: 'Jane Ortiz' } : { role: 'customer', name: 'Ann Lee' },
    identifiers: [{ kind: 'email', value: 'ann@example.com' }],
    content: channel === 'voice' ? { durationSeconds: 120, status: 'completed' } : { text: `${TEXTS[i % TEXTS.length]} (${i % 40 === 0 ? `order #B-${1000 + i}` : 'again'})` },
    thread: { key: `${channel}:${Math.floor(i / 10)}` },
    source: { system: 'bench', id: sourceId },
  }
}

const profileEvents = (n: number) => Array.from({ length: n }, (_, i) => profileEvent(i))

function parsed(input: CustomerEventInput): CustomerEvent {
  const result = parseEvent(input)
  if (!result.success) throw new Error('bad bench event')
  return result.event
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

type Stats = { p50: number; p99: number }
/** One sample: untimed `prepare`, then the timed `work` on what it prepared. */
type Case = { prepare: () => unknown | Promise<unknown>; work: (prepared: any) => unknown }

/** Times several cases, alternating them sample by sample so they share the machine's load. */
async function time(runs: number, cases: readonly Case[]): Promise<Stats[]> {
  const samples: number[][] = cases.map(() => [])
  for (let i = -5; i < runs; i++) {
    for (const [k, c] of cases.entries()) {
      const prepared = await c.prepare()
      const t = performance.now()
      await c.work(prepared)
      if (i >= 0) samples[k]?.push(performance.now() - t)
    }
  }
  return samples.map((s) => {
    s.sort((a, b) => a - b)
    return { p50: percentile(s, 50), p99: percentile(s, 99) }
  })
}

const baselineArg = process.argv.indexOf('--baseline')
const baselineDir = baselineArg >= 0 ? process.argv[baselineArg + 1] : undefined
type BuildBrief = typeof buildBrief
const builds: { label: string; buildBrief: BuildBrief }[] = [{ label: 'this build', buildBrief }]
if (baselineDir) {
  const { pathToFileURL } = await import('node:url')
  const { resolve } = await import('node:path')
  const old = (await import(pathToFileURL(resolve(baselineDir, 'index.ts')).href)) as { buildBrief: BuildBrief }
  builds.unshift({ label: 'baseline', buildBrief: old.buildBrief })
}

const asOf = '2026-12-31T12:00:00Z'
const ms = (r: Stats) => `${r.p50.toFixed(3)} / ${r.p99.toFixed(3)}`
const rows: Record<string, string>[] = []
for (const n of [10, 100, 1_000]) {
  const engine = createEngine({ clock: () => new Date(asOf) })
  await engine.ingest(profileEvents(n))
  const lookup = { email: 'ann@example.com' }
  const events = await engine.events(lookup)
  const runs = n >= 1_000 ? 100 : 300
  let extra = 0
  // Cold: the first brief of a profile, on event objects no brief has seen (a fresh copy per sample).
  // Warm: the brief after one new event arrived, the earlier ones already seen by a brief.
  const cases: Case[] = builds.flatMap(({ buildBrief: build }) => [
    { prepare: () => structuredClone(events), work: (copy: CustomerEvent[]) => build({ events: copy, asOf }) },
    {
      prepare: () => {
        build({ events, asOf })
        return [...events, parsed(profileEvent(n, `new-${extra++}`))]
      },
      work: (withNew: CustomerEvent[]) => build({ events: withNew, asOf }),
    },
    // The same events again (a screen re-rendered without news): the call before saw exactly these.
    { prepare: () => build({ events, asOf }), work: () => build({ events, asOf }) },
  ])
  const stats = await time(runs, cases)
  const [read, timeline] = await time(runs, [
    { prepare: () => undefined, work: () => engine.events(lookup) },
    { prepare: () => undefined, work: () => buildTimeline(events) },
  ])
  // The agent screen: a new event is ingested, then engine.brief reads the profile and builds.
  let next = n
  const [screen] = await time(runs, [
    { prepare: () => engine.ingest([profileEvent(next++)]), work: () => engine.brief(lookup, { asOf }) },
  ])
  for (const [b, { label }] of builds.entries()) {
    const [cold, warm, same] = stats.slice(b * 3, b * 3 + 3) as [Stats, Stats, Stats]
    rows.push({
      events: String(n),
      build: label,
      'brief cold (first call)': ms(cold),
      'brief warm (after 1 new event)': ms(warm),
      'brief, same events again': ms(same),
      ...(b === builds.length - 1
        ? { 'engine.events read': ms(read as Stats), 'engine.brief after ingest (read + warm build)': ms(screen as Stats), 'timeline build': ms(timeline as Stats) }
        : {}),
    })
  }
}
console.log(`p50 / p99 in milliseconds, one profile, memory store, ${new Date().toISOString().slice(0, 10)}`)
console.table(rows)
