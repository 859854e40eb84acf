// Runs one kind of engine.brief sample in a loop, for a CPU profile of that case alone (1,000 events).
// Run: node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/brief-profile.ts cold|warm|asof [rounds]
import * as lib from '../src/index.js'
import { profileEvent, START, HOUR } from './brief-events.js'

const mode = process.argv[2] ?? 'cold'
const rounds = Number(process.argv[3] ?? 200)
const lookup = { email: 'ann@example.com' }
const identity = { shared: { maxHolders: 1_000_000 } }
const n = 1_000
const store = lib.createMemoryStore()
const state = { now: new Date(START + n * 4 * HOUR), next: n }
const clock = () => state.now
const engine = lib.createEngine({ store, clock, identity })
await engine.ingest(Array.from({ length: n }, (_, i) => profileEvent(i)))
await engine.brief(lookup)
const copies = new Map((structuredClone(await engine.events(lookup)) as { id: string }[]).map((e) => [e.id, e]))
let cpu = 0
for (let i = 0; i < rounds; i++) {
  if (mode === 'cold') {
    const cloned = new Map([...copies].map(([id, e]) => [id, structuredClone(e)]))
    const cold = Object.assign(Object.create(store) as typeof store, { getEvents: async (ids: readonly string[]) => ids.map((id) => cloned.get(id)).filter((e) => e !== undefined) })
    const fresh = lib.createEngine({ store: cold, clock, identity })
    const at = process.cpuUsage()
    await fresh.brief(lookup)
    const used = process.cpuUsage(at)
    cpu += used.user + used.system
  } else {
    if (mode === 'warm') {
      const next = state.next++
      await engine.ingest([profileEvent(next)])
      state.now = new Date(START + next * 4 * HOUR + 60_000)
    } else state.now = new Date(state.now.getTime() + 60_000)
    const at = process.cpuUsage()
    await engine.brief(lookup)
    const used = process.cpuUsage(at)
    cpu += used.user + used.system
  }
}
console.log(`${mode}: mean CPU ${(cpu / rounds / 1000).toFixed(3)} ms over ${rounds}`)
