// Where a warm engine.brief of a 1,000-event profile spends its CPU: the store calls it makes
// (timed through a proxy) and the total, after one new event (`warm`), at a new asOf (`asof`),
// and at a new asOf right after ~5 MB of short-lived garbage, about what one ingest of this
// profile allocates (`dirty`): how much of the warm case is the ingest's footprint rather than
// the brief's own work. Mean CPU µs over 300 briefs (after 20 untimed).
// Run: npx tsx bench/brief-parts.ts warm|asof|dirty
import * as lib from '../src/index.js'
import { HOUR, profileEvent, START } from './brief-events.js'

const mode = process.argv[2] ?? 'warm'
const n = 1_000
const ROUNDS = 300
const store = lib.createMemoryStore()
const state = { now: new Date(START + n * 4 * HOUR), next: n }
const times = new Map<string, number>()
let timing = false
const timedStore = new Proxy(store, {
  get(target, prop, receiver) {
    const value = Reflect.get(target, prop, receiver) as unknown
    if (typeof value !== 'function' || prop === 'transaction') return value
    return async (...args: unknown[]) => {
      const at = process.cpuUsage()
      const result = (await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown
      const used = process.cpuUsage(at)
      if (timing) times.set(String(prop), (times.get(String(prop)) ?? 0) + used.user + used.system)
      return result
    }
  },
})
const engine = lib.createEngine({ store: timedStore, clock: () => state.now, identity: { shared: { maxHolders: 1_000_000 } } })
await engine.ingest(Array.from({ length: n }, (_, i) => profileEvent(i)))
await engine.brief({ email: 'ann@example.com' })
let total = 0
for (let i = -20; i < ROUNDS; i++) {
  if (mode === 'warm') {
    const next = state.next++
    await engine.ingest([profileEvent(next)])
    state.now = new Date(START + next * 4 * HOUR + 60_000)
  } else {
    state.now = new Date(state.now.getTime() + 60_000)
    if (mode === 'dirty') {
      let garbage: unknown[] = []
      for (let j = 0; j < 60_000; j++) garbage.push({ a: j, b: String(j), c: [j, j] })
      ;(globalThis as { sink?: number }).sink = garbage.length
      garbage = []
    }
  }
  await new Promise((done) => setImmediate(done))
  if (i === 0) times.clear()
  timing = i >= 0
  const at = process.cpuUsage()
  await engine.brief({ email: 'ann@example.com' })
  const used = process.cpuUsage(at)
  timing = false
  if (i >= 0) total += used.user + used.system
}
const per = (v: number) => Math.round(v / ROUNDS)
console.log(JSON.stringify({ mode, briefCpuUs: per(total), storeCallsCpuUs: Object.fromEntries([...times].map(([k, v]) => [k, per(v)])) }))
