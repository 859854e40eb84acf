// Train + dedupe CPU of a base version against this checkout, in one process on the same
// generated records, alternating: the base passes the records to trainModel and dedupe (each
// normalizes and blocks them), this checkout prepares them once (prepareRecords) and shares them.
// Run: mkdir /tmp/match-base && git archive BASE src bench package.json | tar -x -C /tmp/match-base
//      ln -s $PWD/node_modules /tmp/match-base/node_modules
//      npx tsx bench/match-ab.ts --base /tmp/match-base [--rounds 1] [size]   (default 300000)
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { dedupe, type MatchModel, type PersonRecord, prepareRecords, trainModel } from '../src/identity/matching/index.js'
import { generatePeople } from './generate-people.js'
import { pairwiseMetrics } from './pairwise-metrics.js'

interface BaseMatching {
  trainModel(records: readonly PersonRecord[]): MatchModel
  dedupe(records: readonly PersonRecord[], options: { model: MatchModel }): ReturnType<typeof dedupe>
}

const args = process.argv.slice(2)
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const baseDir = option('--base')
if (baseDir === undefined) throw new Error('--base DIR (a git archive of the base version) is required')
const rounds = Number(option('--rounds') ?? 1)
const size = Number(args.find((arg, k) => /^\d+$/u.test(arg) && !['--rounds'].includes(args[k - 1] ?? '')) ?? 300_000)
const base = (await import(pathToFileURL(resolve(baseDir, 'src/identity/matching/index.ts')).href)) as BaseMatching

const cpu = <T>(work: () => T): [T, number] => {
  const started = process.cpuUsage()
  const value = work()
  const used = process.cpuUsage(started)
  return [value, (used.user + used.system) / 1e6]
}
const { records, truth } = generatePeople(size, { seed: 42 })
const f1 = (result: ReturnType<typeof dedupe>): string => pairwiseMetrics(result.assignments, truth).f1.toFixed(4)
const text = (result: ReturnType<typeof dedupe>): string => JSON.stringify([[...result.assignments], result.pairs, result.stats])
for (let round = 0; round < rounds; round++) {
  let started = performance.now()
  const [baseModel, baseTrain] = cpu(() => base.trainModel(records))
  const [baseResult, baseDedupe] = cpu(() => base.dedupe(records, { model: baseModel }))
  console.log(
    `round ${round} base: train ${baseTrain.toFixed(2)} + dedupe ${baseDedupe.toFixed(2)} = ${(baseTrain + baseDedupe).toFixed(2)} s CPU, ` +
      `${((performance.now() - started) / 1000).toFixed(2)} s wall, pairs ${baseResult.stats.candidatePairs}, F1 ${f1(baseResult)}`,
  )
  started = performance.now()
  const [prepared, prepare] = cpu(() => prepareRecords(records))
  const [model, train] = cpu(() => trainModel(prepared))
  const [result, run] = cpu(() => dedupe(prepared, { model }))
  console.log(
    `round ${round} head: prepare ${prepare.toFixed(2)} + train ${train.toFixed(2)} + dedupe ${run.toFixed(2)} = ${(prepare + train + run).toFixed(2)} s CPU, ` +
      `${((performance.now() - started) / 1000).toFixed(2)} s wall, pairs ${result.stats.candidatePairs}, F1 ${f1(result)}, ` +
      `same model and result as base: ${JSON.stringify(model) === JSON.stringify(baseModel) && text(result) === text(baseResult)}`,
  )
}
