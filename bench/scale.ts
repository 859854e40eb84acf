// Ingest time as traffic grows: is it linear? Each size runs in its own process on its own file.
//
//   npx tsx bench/scale.ts [--sizes 100k,300k,1m] [--seed 42] [--report out.json]
//
// The target is time(largest) / time(smallest) <= 1.1 x (size ratio), e.g. <= 11 for 1M / 100k.
import { pathToFileURL } from 'node:url'
import { runChild } from './child.js'
import { parseArgs, parseCount } from './generate.js'
import { emitReport, fmt, log, table, trafficFile } from './lib.js'

export async function runScale(sizes: readonly number[], seed: number) {
  const rows: { size: number; ms: number; cpuMs: number; floorCpuMs: number; heapBytesPerEvent: number; events: number }[] = []
  for (const size of sizes) {
    const file = await trafficFile({ events: size, seed })
    const report = await runChild('bench/ingest.ts', ['--file', file, '--no-canonical'])
    const f = report.figures as Record<string, number>
    rows.push({ size, ms: f.ingestMs as number, cpuMs: f.ingestCpuMs as number, floorCpuMs: f.floorCpuMs as number, heapBytesPerEvent: f.heapBytesPerEvent as number, events: f.storedEvents as number })
    log(`scale ${fmt(size)}: ${f.ingestMs} ms wall, ${f.ingestCpuMs} ms CPU`)
  }
  return rows
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = parseArgs(process.argv.slice(2))
  const sizes = (args.get('sizes') ?? '100k,300k,1m').split(',').map(parseCount)
  const seed = Number(args.get('seed') ?? 42)
  const rows = await runScale(sizes, seed)
  const first = rows[0] as (typeof rows)[number]
  const last = rows.at(-1) as (typeof rows)[number]
  const sizeRatio = last.size / first.size
  const cpuRatio = last.cpuMs / first.cpuMs
  const command = `npx tsx bench/scale.ts --sizes ${args.get('sizes') ?? '100k,300k,1m'} --seed ${seed}`
  emitReport(args, {
    title: `Ingest growth from ${fmt(first.size)} to ${fmt(last.size)} lines`,
    markdown: [
      `Command: \`${command}\` (each size in its own process; raw lines end to end)`,
      '',
      table(
        ['lines', 'stored events', 'wall s', 'CPU s', 'CPU µs per line', 'CPU x smallest', 'ingest CPU / floor CPU', 'heap bytes per event'],
        rows.map((r) => [fmt(r.size), fmt(r.events), (r.ms / 1000).toFixed(2), (r.cpuMs / 1000).toFixed(2), ((r.cpuMs * 1000) / r.size).toFixed(1), (r.cpuMs / first.cpuMs).toFixed(2), (r.cpuMs / r.floorCpuMs).toFixed(1), fmt(r.heapBytesPerEvent)]),
      ),
      '',
      `Growth: ${sizeRatio.toFixed(0)}x the lines took ${cpuRatio.toFixed(2)}x the CPU time (${(cpuRatio / sizeRatio).toFixed(2)}x per line); target <= ${(sizeRatio * 1.1).toFixed(1)}x: ${cpuRatio <= sizeRatio * 1.1 ? 'met' : 'NOT met'}.`,
    ].join('\n'),
    figures: { sizeRatio, cpuRatio: +cpuRatio.toFixed(2), wallRatio: +(last.ms / first.ms).toFixed(2), linear: cpuRatio <= sizeRatio * 1.1 },
  })
}
