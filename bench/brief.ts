// engine.brief latency for one profile of 10, 100 and 1,000 events, memory store: cold (the
// first brief an engine gives), warm after one new event (ingested untimed, then the brief), and
// again at a new asOf with no new event. p50 / p99 of CPU time (process.cpuUsage, this process;
// the machine is shared, so wall time is also shown but is mostly other people's load).
// Run: npx tsx bench/brief.ts [--samples 2000] [--sizes 10,100,1000]
// Before/after in one process (samples alternate between the builds, so both see the same load):
//   mkdir -p bench/.data/baseline && git archive <old-commit> src | tar -x -C bench/.data/baseline
//   npx tsx bench/brief.ts --baseline bench/.data/baseline/src
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { HOUR, profileEvent, START } from './brief-events.js'
import * as current from '../src/index.js'

type Lib = Pick<typeof current, 'createEngine' | 'createMemoryStore'>
type Engine = ReturnType<Lib['createEngine']>
type Store = ReturnType<Lib['createMemoryStore']>

const arg = (name: string) => {
  const at = process.argv.indexOf(name)
  return at >= 0 ? process.argv[at + 1] : undefined
}
const SAMPLES = Number(arg('--samples') ?? 2000)
/** The baseline is slow at 1,000 events (and each warm sample ingests): fewer of its samples, still alternating. */
const BASELINE_SAMPLES = Number(arg('--baseline-samples') ?? 300)
const baselineDir = arg('--baseline')
const builds: { label: string; lib: Lib }[] = [{ label: 'this build', lib: current }]
if (baselineDir) builds.unshift({ label: 'baseline', lib: (await import(pathToFileURL(resolve(baselineDir, 'index.ts')).href)) as Lib })

const lookup = { email: 'ann@example.com' }
// The default rules call a value held by more than 500 events shared (no longer evidence): one
// email on every event would make a 1,000-event story 1,000 one-event profiles.
const identity = { shared: { maxHolders: 1_000_000 } }

/** One build's profile of `n` events, with the clock just after its latest event. */
async function setUp(lib: Lib, n: number) {
  const store = lib.createMemoryStore()
  const state = { now: new Date(START + n * 4 * HOUR), next: n }
  const clock = () => state.now
  const engine = lib.createEngine({ store, clock, identity })
  await engine.ingest(Array.from({ length: n }, (_, i) => profileEvent(i)))
  const events = await engine.events(lookup)
  if (events.length !== n) throw new Error(`expected one profile of ${n} events, got ${events.length}`)
  const profileId = (await store.findProfileIds([events[0]!.id])).get(events[0]!.id) as string
  await engine.brief(lookup)
  return { store, state, engine, clock, profileId }
}

interface Sample {
  cpu: number
  wall: number
}
async function timed(work: () => Promise<unknown>): Promise<Sample> {
  const cpu = process.cpuUsage()
  const wall = performance.now()
  await work()
  const used = process.cpuUsage(cpu)
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall }
}

function stats(samples: readonly Sample[]): string {
  const at = (values: number[], p: number) => values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] as number
  const cpu = samples.map((s) => s.cpu).sort((a, b) => a - b)
  const wall = samples.map((s) => s.wall).sort((a, b) => a - b)
  return `${at(cpu, 50).toFixed(3)} / ${at(cpu, 99).toFixed(3)} (wall ${at(wall, 50).toFixed(2)} / ${at(wall, 99).toFixed(2)})`
}

/** Runs one kind of sample for every build, alternating builds sample by sample (the baseline stops at its own count). */
async function alternate(count: number, perBuild: ((i: number) => Promise<Sample>)[]): Promise<Sample[][]> {
  const out = perBuild.map(() => [] as Sample[])
  for (let i = -10; i < count; i++) {
    for (const [b, sample] of perBuild.entries()) {
      if (builds[b]?.label === 'baseline' && i >= Math.min(count, BASELINE_SAMPLES)) continue
      const s = await sample(i)
      if (i >= 0) out[b]?.push(s)
    }
  }
  return out
}

const rows: Record<string, string>[] = []
const SIZES = (arg('--sizes') ?? '10,100,1000').split(',').map(Number)
for (const n of SIZES) {
  // A profile that grew by a fifth is set up afresh, so "1,000 events" stays 1,000 to 1,200.
  const REFRESH = Math.max(2, n / 5)
  const setups = await Promise.all(builds.map(({ lib }) => setUp(lib, n)))
  const refresh = async (b: number, i: number) => {
    if (i > 0 && i % REFRESH === 0) setups[b] = await setUp((builds[b] as (typeof builds)[number]).lib, n)
    return setups[b] as Awaited<ReturnType<typeof setUp>>
  }
  // Cold: a new engine over a store that hands out event objects nothing has seen (copies made
  // untimed), so neither the engine nor any per-event memo has anything remembered.
  const coldCount = n >= 1_000 ? Math.min(SAMPLES, 300) : SAMPLES
  const cold = await alternate(
    coldCount,
    builds.map(({ lib }, b) => async () => {
      const s = setups[b] as Awaited<ReturnType<typeof setUp>>
      const copies = new Map((structuredClone(await s.engine.events(lookup)) as { id: string }[]).map((e) => [e.id, e]))
      const store = Object.assign(Object.create(s.store) as Store, {
        getEvents: async (ids: readonly string[]) => ids.map((id) => copies.get(id)).filter((e) => e !== undefined),
      })
      const engine: Engine = lib.createEngine({ store, clock: s.clock, identity })
      return timed(() => engine.brief(lookup))
    }),
  )
  // Warm: one new event arrives (ingested, untimed), the clock moves to it, the agent opens the brief.
  const arrive = async (b: number, i: number) => {
    const s = await refresh(b, i)
    const next = s.state.next++
    await s.engine.ingest([profileEvent(next)])
    s.state.now = new Date(START + next * 4 * HOUR + 60_000)
    // Let the ingest's own follow-up work (change notifications) finish outside the timing.
    await new Promise((done) => setImmediate(done))
    return s
  }
  const warm = await alternate(
    SAMPLES,
    builds.map((_, b) => async (i) => {
      const s = await arrive(b, i)
      return timed(() => s.engine.brief(lookup))
    }),
  )
  // Again at a new asOf, nothing new: a screen refreshed a minute later, by email or by profile id.
  const again = (byId: boolean) =>
    alternate(
      SAMPLES,
      builds.map((_, b) => async () => {
        const s = setups[b] as Awaited<ReturnType<typeof setUp>>
        s.state.now = new Date(s.state.now.getTime() + 60_000)
        return timed(() => s.engine.brief(byId ? { profileId: s.profileId } : lookup))
      }),
    )
  const againByEmail = await again(false)
  const againById = await again(true)
  for (const [b, { label }] of builds.entries()) {
    const row = {
      events: String(n),
      build: label,
      'cold, first brief': stats(cold[b] as Sample[]),
      'after 1 new event (by email)': stats(warm[b] as Sample[]),
      'new asOf, by email': stats(againByEmail[b] as Sample[]),
      'new asOf, by profile id': stats(againById[b] as Sample[]),
      'profile size at the end': `${(await (setups[b] as Awaited<ReturnType<typeof setUp>>).engine.events(lookup)).length}`,
    }
    rows.push(row)
    // Printed as it goes: the 1,000-event rows take minutes on a loaded machine.
    console.log(JSON.stringify({ ...row, samples: { cold: (cold[b] as Sample[]).length, warm: (warm[b] as Sample[]).length, again: (againById[b] as Sample[]).length } }))
  }
}
console.log(`engine.brief, one profile, memory store, ${new Date().toISOString().slice(0, 10)}: CPU ms p50 / p99 (wall ms p50 / p99)`)
console.table(rows)
