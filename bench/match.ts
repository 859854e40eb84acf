// Throughput and quality of trainModel + dedupe on seeded synthetic people.
// Run: npx tsx bench/match.ts [sizes...] [--rules large]   (default 10000 100000, default rules)
// `--rules large` uses LARGE_FILE_BLOCKING_RULES for training and dedupe.
import { DEFAULT_BLOCKING_RULES, dedupe, LARGE_FILE_BLOCKING_RULES, trainModel } from '../src/identity/matching/index.js'
import { generatePeople } from './generate-people.js'
import { pairwiseMetrics } from './pairwise-metrics.js'

// CPU time is printed beside wall time: on a shared machine it is the steadier figure.
const cpuSeconds = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6

// Peak resident set size of the whole process so far (the loop never yields to a sampler).
const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024)

const args = process.argv.slice(2)
const rules = args.includes('--rules') && args[args.indexOf('--rules') + 1] === 'large' ? LARGE_FILE_BLOCKING_RULES : DEFAULT_BLOCKING_RULES
const sizes = args.map(Number).filter((n) => n > 0)
for (const size of sizes.length > 0 ? sizes : [10_000, 100_000]) {
  const { records, truth } = generatePeople(size, { seed: 42 })
  let started = performance.now()
  let cpu = process.cpuUsage()
  const model = trainModel(records, { rules })
  const trainSeconds = (performance.now() - started) / 1000
  const trainCpu = cpuSeconds(process.cpuUsage(cpu))
  started = performance.now()
  cpu = process.cpuUsage()
  const result = dedupe(records, { model, rules })
  const dedupeSeconds = (performance.now() - started) / 1000
  const dedupeCpu = cpuSeconds(process.cpuUsage(cpu))
  const m = pairwiseMetrics(result.assignments, truth)
  console.log(
    `${size} records (${rules === DEFAULT_BLOCKING_RULES ? 'default' : 'large-file'} rules): train ${trainSeconds.toFixed(2)} s wall / ${trainCpu.toFixed(2)} s CPU (${Math.round(size / trainSeconds)} rec/s), ` +
      `dedupe ${dedupeSeconds.toFixed(2)} s wall / ${dedupeCpu.toFixed(2)} s CPU (${Math.round(size / dedupeSeconds)} rec/s), ` +
      `${result.stats.candidatePairs} candidate pairs, ${result.stats.oversizedBlocks.length} oversized blocks; ` +
      `P ${m.precision.toFixed(4)} R ${m.recall.toFixed(4)} F1 ${m.f1.toFixed(4)}; ` +
      `total ${(trainSeconds + dedupeSeconds).toFixed(2)} s wall / ${(trainCpu + dedupeCpu).toFixed(2)} s CPU, peak RSS ${peakRssMb()} MB`,
  )
}
