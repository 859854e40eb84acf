// Throughput and quality of trainModel + dedupe on seeded synthetic people.
// Run: npx tsx bench/match.ts [sizes...] [--rules large] [--unprepared] [--phases]
//   (default sizes 10000 100000, default rules)
// `--rules large` uses LARGE_FILE_BLOCKING_RULES. By default the records are prepared once
// (`prepareRecords`) and shared by trainModel and dedupe; `--unprepared` passes the records to
// both, as before prepareRecords existed (each call normalizes and blocks them again).
// `--phases` also times the steps of preparation (normalize, intern fields, collect blocks by
// interned ids, and collect blocks from key strings for comparison).
import { collectBlocks } from '../src/identity/matching/blocking.js'
import { internFields } from '../src/identity/matching/field-table.js'
import { DEFAULT_BLOCKING_RULES, dedupe, LARGE_FILE_BLOCKING_RULES, prepareRecords, trainModel } from '../src/identity/matching/index.js'
import { normalizeRecords } from '../src/identity/matching/normalize-record.js'
import { generatePeople } from './generate-people.js'
import { pairwiseMetrics } from './pairwise-metrics.js'

// CPU time is printed beside wall time: on a shared machine it is the steadier figure.
const cpuSeconds = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6

// Peak resident set size of the whole process so far (the loop never yields to a sampler).
const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024)

/** Runs `work`, returning its result with the wall and CPU seconds it took. */
function timed<T>(work: () => T): { value: T; wall: number; cpu: number } {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const value = work()
  return { value, wall: (performance.now() - started) / 1000, cpu: cpuSeconds(process.cpuUsage(cpu)) }
}

const args = process.argv.slice(2)
const rules = args.includes('--rules') && args[args.indexOf('--rules') + 1] === 'large' ? LARGE_FILE_BLOCKING_RULES : DEFAULT_BLOCKING_RULES
const unprepared = args.includes('--unprepared')
const sizes = args.map(Number).filter((n) => n > 0)
for (const size of sizes.length > 0 ? sizes : [10_000, 100_000]) {
  const { records, truth } = generatePeople(size, { seed: 42 })
  if (args.includes('--phases')) {
    const sorted = [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const normalized = timed(() => normalizeRecords(sorted))
    const fields = timed(() => internFields(normalized.value))
    const blocks = timed(() => collectBlocks(normalized.value, { rules }, fields.value))
    // Copies of the rules carry only their key functions: blocks from key strings, as before.
    const byStrings = timed(() => collectBlocks(normalized.value, { rules: rules.map((rule) => ({ ...rule })) }))
    console.log(
      `${size} records, phases (CPU s): normalize ${normalized.cpu.toFixed(2)}, intern fields ${fields.cpu.toFixed(2)}, ` +
        `collect blocks ${blocks.cpu.toFixed(2)} (${blocks.value.count} blocks; from key strings ${byStrings.cpu.toFixed(2)}, ${byStrings.value.count} blocks)`,
    )
  }
  const prepared = unprepared ? undefined : timed(() => prepareRecords(records, { rules }))
  const input = prepared?.value ?? records
  const blocking = prepared ? {} : { rules }
  const train = timed(() => trainModel(input, blocking))
  const run = timed(() => dedupe(input, { model: train.value, ...blocking }))
  const result = run.value
  const m = pairwiseMetrics(result.assignments, truth)
  const wall = (prepared?.wall ?? 0) + train.wall + run.wall
  const cpu = (prepared?.cpu ?? 0) + train.cpu + run.cpu
  console.log(
    `${size} records (${rules === DEFAULT_BLOCKING_RULES ? 'default' : 'large-file'} rules, ${prepared ? 'prepared once' : 'unprepared'}): ` +
      (prepared ? `prepare ${prepared.wall.toFixed(2)} s wall / ${prepared.cpu.toFixed(2)} s CPU, ` : '') +
      `train ${train.wall.toFixed(2)} s wall / ${train.cpu.toFixed(2)} s CPU, ` +
      `dedupe ${run.wall.toFixed(2)} s wall / ${run.cpu.toFixed(2)} s CPU, ` +
      `${result.stats.candidatePairs} candidate pairs, ${result.stats.oversizedBlocks.length} oversized blocks; ` +
      `P ${m.precision.toFixed(4)} R ${m.recall.toFixed(4)} F1 ${m.f1.toFixed(4)}; ` +
      `total ${wall.toFixed(2)} s wall / ${cpu.toFixed(2)} s CPU (${Math.round(size / cpu)} records per CPU-s), peak RSS ${peakRssMb()} MB`,
  )
}
