// Pairwise accuracy of `dedupe` on the shared labelled files, with default settings only.
// Run: npx tsx bench/accuracy.ts [--write]   (--write also updates docs/accuracy.md)
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readPersonCsv } from '../src/cli/person-csv.js'
import { dedupe, defaultModel, prepareRecords, trainModel } from '../src/identity/matching/index.js'
import { type PairwiseMetrics, pairwiseMetrics } from './pairwise-metrics.js'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dataDir = resolve(repoRoot, '../shared/data')

interface Dataset {
  readonly name: string
  readonly file: string
  readonly idColumn: string
  readonly entityOf: (row: Readonly<Record<string, string>>) => string
}

const DATASETS: readonly Dataset[] = [
  { name: 'Febrl dataset1', file: 'febrl/dataset1.csv', idColumn: 'rec_id', entityOf: (r) => /^rec-(\d+)/u.exec(r.rec_id ?? '')?.[1] ?? '' },
  { name: 'Febrl dataset2', file: 'febrl/dataset2.csv', idColumn: 'rec_id', entityOf: (r) => /^rec-(\d+)/u.exec(r.rec_id ?? '')?.[1] ?? '' },
  { name: 'Splink fake_1000', file: 'splink_fake_1000/fake_1000.csv', idColumn: 'unique_id', entityOf: (r) => r.cluster ?? '' },
  { name: 'Splink fake_1000 (demos)', file: 'splink_fake_1000/fake_1000_from_splink_demos.csv', idColumn: 'unique_id', entityOf: (r) => r.cluster ?? '' },
  { name: 'dedupe csv_example (sites)', file: 'dedupe_csv_example/csv_example_input_with_true_ids.csv', idColumn: 'Id', entityOf: (r) => r['True Id'] ?? '' },
]

interface Row {
  readonly dataset: string
  readonly records: number
  readonly trained: PairwiseMetrics
  readonly untrained: PairwiseMetrics
  readonly seconds: number
}

export function evaluate(dataset: Dataset): Row | undefined {
  const path = join(dataDir, dataset.file)
  if (!existsSync(path)) return undefined
  const csv = readPersonCsv(readFileSync(path, 'utf8'), { idColumn: dataset.idColumn })
  const truth = new Map(csv.rows.map((row) => [row[dataset.idColumn] as string, dataset.entityOf(row)]))
  const started = performance.now()
  // Prepared once and shared, as a caller would on a large file; results equal passing records.
  const prepared = prepareRecords(csv.records)
  const model = trainModel(prepared)
  const trained = pairwiseMetrics(dedupe(prepared, { model }).assignments, truth)
  const seconds = (performance.now() - started) / 1000
  const untrained = pairwiseMetrics(dedupe(prepared, { model: defaultModel() }).assignments, truth)
  return { dataset: dataset.name, records: csv.records.length, trained, untrained, seconds }
}

const f = (x: number): string => x.toFixed(4)

function table(rows: readonly Row[]): string {
  const lines = [
    '| data set | records | true pairs | trained P | trained R | trained F1 | untrained P | untrained R | untrained F1 | train+dedupe s |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ]
  for (const r of rows) {
    lines.push(
      `| ${r.dataset} | ${r.records} | ${r.trained.truePairs} | ${f(r.trained.precision)} | ${f(r.trained.recall)} | ${f(r.trained.f1)} | ${f(r.untrained.precision)} | ${f(r.untrained.recall)} | ${f(r.untrained.f1)} | ${r.seconds.toFixed(2)} |`,
    )
  }
  return lines.join('\n')
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows: Row[] = []
  for (const dataset of DATASETS) {
    const row = evaluate(dataset)
    if (row) rows.push(row)
    else console.error(`skipped ${dataset.name}: ${join(dataDir, dataset.file)} not found`)
  }
  const text = table(rows)
  console.log(text)
  if (process.argv.includes('--write')) {
    const doc = `# Matching accuracy

Pairwise precision (P), recall (R) and F1 of \`dedupe\` cluster assignments against each file's
ground truth, with default thresholds, default blocking and no per-data-set settings.
"Trained" runs \`trainModel\` (unsupervised EM, default options) on the file itself, then
\`dedupe\` with that model; "untrained" uses \`defaultModel()\`. Ground truth: Febrl entity =
\`^rec-(\\d+)\` of \`rec_id\`; Splink files: \`cluster\`; dedupe csv_example: \`True Id\` (sites, not
persons, with heuristic labels). Data: \`../shared/data\` (see each folder's SOURCE.md).

Command (from the repository root, with \`shared/\` beside it):

\`\`\`
npx tsx bench/accuracy.ts --write
\`\`\`

${text}
`
    writeFileSync(join(repoRoot, 'docs/accuracy.md'), doc)
  }
}
