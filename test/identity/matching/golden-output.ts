// Canonical text of dedupe output and trained models, for comparing the bulk path with the
// output recorded from the pair-at-a-time implementation it replaced (fixtures/dedupe-golden.json).
//   Regenerate only on purpose: npx tsx test/identity/matching/golden-output.ts --write
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readPersonCsv } from '../../../src/cli/person-csv.js'
import { generatePeople } from '../../../bench/generate-people.js'
import { type DedupeResult, dedupe, defaultModel, type MatchModel, trainModel } from '../../../src/identity/matching/index.js'

export const GOLDEN_FILE = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures/dedupe-golden.json')

/**
 * The cases: generated people with heavy corruption, trained and untrained models, loose
 * thresholds. Blocks are never split, as in the recorded implementation (the generated names
 * share few prefixes, so some blocks pass the default split size).
 */
export function goldenCases(): Record<string, { model: string; result: string; pairs: number; clusters: number }> {
  const { records } = generatePeople(6000, { seed: 23, duplicateRate: 0.35, maxEdits: 4 })
  const trained = trainModel(records, WHOLE)
  const random = trainModel(records, { uSource: 'random', randomPairs: 20_000, seed: 5, ...WHOLE })
  const cases: Record<string, { model: string; result: string; pairs: number; clusters: number }> = {}
  const add = (name: string, model: MatchModel, result: DedupeResult): void => {
    cases[name] = { model: digest(JSON.stringify(model)), result: digest(resultText(result)), pairs: result.pairs.length, clusters: result.stats.clusters }
  }
  add('trained', trained, dedupe(records, { model: trained, ...WHOLE }))
  add('random-u', random, dedupe(records, { model: random, ...WHOLE }))
  add('default-loose', defaultModel(), dedupe(records, { model: defaultModel(), mergeThreshold: 2, reviewThreshold: -3, separationThreshold: -8, ...WHOLE }))
  add('small-blocks', trained, dedupe(records, { model: trained, maxBlockSize: 12, ...WHOLE }))
  for (const [name, file, idColumn] of SHARED_FILES) {
    const path = resolve(dirname(GOLDEN_FILE), '../../../../../shared/data', file)
    if (!existsSync(path)) continue
    const shared = readPersonCsv(readFileSync(path, 'utf8'), { idColumn }).records
    // Default options: on these files no block reaches the split size.
    const model = trainModel(shared)
    add(name, model, dedupe(shared, { model }))
  }
  return cases
}

/** Labelled files beside the repository; a case is compared only when its file is present. */
export const SHARED_FILES = [
  ['febrl-2', 'febrl/dataset2.csv', 'rec_id'],
  ['splink-fake-1000', 'splink_fake_1000/fake_1000.csv', 'unique_id'],
  ['dedupe-sites', 'dedupe_csv_example/csv_example_input_with_true_ids.csv', 'Id'],
] as const

/** Every assignment, pair (with its exact score) and statistic, one per line. */
export function resultText(result: DedupeResult): string {
  const lines = [JSON.stringify(result.stats)]
  for (const [id, cluster] of [...result.assignments].sort((x, y) => (x[0] < y[0] ? -1 : 1))) lines.push(`${id} ${cluster}`)
  for (const p of result.pairs) lines.push(`${p.a} ${p.b} ${p.score} ${p.probability} ${p.decision}`)
  return lines.join('\n')
}

const WHOLE = { splitBlocksAbove: Number.POSITIVE_INFINITY } as const

const digest = (text: string): string => createHash('sha256').update(text).digest('hex')

if (process.argv.includes('--write')) writeFileSync(GOLDEN_FILE, `${JSON.stringify(goldenCases(), null, 2)}\n`)
