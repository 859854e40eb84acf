// Runs the benchmark suite and writes BENCHMARKS.md. `npm run bench` uses sizes that finish in a
// few minutes on a small shared box; pass larger ones for the issue-9 targets:
//
//   npm run bench                                   # --size 30k --scale 10k,30k,100k
//   npm run bench -- --size 1m --scale 100k,300k,1m # the full-size figures (long)
//   npm run bench -- --only ingest,scale --out /tmp/B.md
//
// Each entry runs in its own Node process (fresh heap and JIT, --expose-gc). A bench module is any
// script that accepts `--report FILE` and writes a `BenchReport` (bench/lib.ts) there as JSON.
// To add one (bench/brief.ts, bench/match.ts, bench/postgres.ts), add one line to SUITE.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runChild } from './child.js'
import { parseArgs } from './generate.js'
import { BENCH_DIR, type BenchReport, log, machine } from './lib.js'

interface SuiteEntry {
  /** Short name for `--only`. */
  readonly name: string
  readonly module: string
  readonly args: (size: string, scale: string) => string[]
}

const SUITE: readonly SuiteEntry[] = [
  { name: 'ingest', module: 'bench/ingest.ts', args: (size) => ['--events', size] },
  { name: 'peer', module: 'bench/peer-duckdb.ts', args: (size) => ['--events', size] },
  { name: 'peer-strict', module: 'bench/peer-duckdb.ts', args: (size) => ['--events', size, '--no-shared'] },
  { name: 'scale', module: 'bench/scale.ts', args: (_size, scale) => ['--sizes', scale] },
  // { name: 'brief', module: 'bench/brief.ts', args: (size) => ['--events', size] },
  // { name: 'match', module: 'bench/match.ts', args: (size) => ['--events', size] },
  // { name: 'postgres', module: 'bench/postgres.ts', args: (size) => ['--events', size] },
]

const args = parseArgs(process.argv.slice(2))
const size = args.get('size') ?? '30k'
const scale = args.get('scale') ?? '10k,30k,100k'
const only = args.get('only')?.split(',')
const out = args.get('out') ?? 'BENCHMARKS.md'
const started = performance.now()
const sections: BenchReport[] = []
for (const entry of SUITE) {
  if (only && !only.includes(entry.name)) continue
  log(`running ${entry.name}: ${entry.module} ${entry.args(size, scale).join(' ')}`)
  sections.push(await runChild(entry.module, entry.args(size, scale)))
}
const history = join(BENCH_DIR, 'history.md')
const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim().replace(/ --$/u, '')
const body = [
  '# Benchmarks',
  '',
  'Written by `bench/run.ts`; regenerate with the command below. Traffic comes from `bench/generate.ts` (seed 42).',
  '',
  machine(),
  `- Command: \`${command}\` (suite took ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  '',
  ...sections.flatMap((s) => [`## ${s.title}`, '', s.markdown, '']),
  existsSync(history) ? readFileSync(history, 'utf8') : '',
].join('\n')
writeFileSync(out, body)
log(`wrote ${out}`)
