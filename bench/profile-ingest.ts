// Ingest of one file with nothing else in the process, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-ingest.ts FILE [--batch 10000]
//   npx tsx bench/profile-top.ts /tmp/prof/<newest>.cpuprofile
// For line numbers in the profile, compile first (tsx maps every position to line 1):
//   npx tsc --noEmit false --outDir /tmp/tl-js && node --cpu-prof /tmp/tl-js/bench/profile-ingest.js FILE
import { parseArgs } from './generate.js'
import { measureIngest } from './ingest.js'
import { fmt, rate } from './lib.js'

const file = process.argv[2] as string
const args = parseArgs(process.argv.slice(3))
const run = await measureIngest(file, { batch: Number(args.get('batch') ?? 10_000) })
if (args.has('json')) console.log(JSON.stringify({ lines: run.totals.lines, ms: run.ms, cpuMs: run.cpuMs, rejected: run.totals.rejected }))
else console.log(`${fmt(run.totals.lines)} lines in ${(run.ms / 1000).toFixed(2)} s (${(run.cpuMs / 1000).toFixed(2)} s CPU): ${fmt(rate(run.totals.lines, run.cpuMs))} lines/CPU-s, ${run.totals.rejected} rejected`)
