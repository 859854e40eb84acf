// A/B of ingest CPU time between a git revision of src/ and the working tree, alternating
// processes (A B A B ...) so that both see the same background load. Reports the ratio of medians.
//
//   npx tsx bench/ab.ts --base HEAD~1 --file bench/.data/traffic-50000-s42.ndjson [--rounds 3]
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from './generate.js'
import { checkoutBase, median } from './lib.js'

const args = parseArgs(process.argv.slice(2))
const base = args.get('base') ?? 'HEAD'
const file = resolve(args.get('file') ?? 'bench/.data/traffic-50000-s42.ndjson')
const rounds = Number(args.get('rounds') ?? 3)
const root = resolve('.')
const dir = checkoutBase(base, 'ab')

const run = (cwd: string) => {
  const out = spawnSync(process.execPath, ['--import', 'tsx', 'bench/profile-ingest.ts', file, '--json'], { cwd, encoding: 'utf8' })
  if (out.status !== 0) throw new Error(out.stderr)
  return JSON.parse(out.stdout.trim().split('\n').at(-1) as string) as { cpuMs: number; ms: number; rejected: number }
}
const a: number[] = []
const b: number[] = []
for (let i = 0; i < rounds; i++) {
  a.push(run(dir).cpuMs)
  b.push(run(root).cpuMs)
  console.error(`round ${i + 1}: base ${a.at(-1)?.toFixed(0)} ms CPU, work tree ${b.at(-1)?.toFixed(0)} ms CPU`)
}
rmSync(dir, { recursive: true, force: true })
console.log(JSON.stringify({ base, file, baseCpuMs: a.map(Math.round), workCpuMs: b.map(Math.round), speedup: +(median(a) / median(b)).toFixed(3) }))
