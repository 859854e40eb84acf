// End-to-end ingest throughput, against the JSON.parse floor of the same file in the same process.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/ingest.ts --events 1m [--seed 42]
//     [--file F] [--batch 10000] [--repeat 1] [--no-canonical] [--report out.json]
//
// Figures: raw `{format,payload}` lines -> read, JSON.parse, engine.ingest (adapt, validate,
// resolve, project) into the memory store; the floor (read + JSON.parse of every line); heap bytes
// per stored event after a forced GC; and pre-adapted canonical events -> engine.ingest, so that
// adapter cost shows apart.
import { type CustomerEvent, createEngine, type Engine, safeAdapt } from '../src/index.js'
import { BENCH_CONTEXT, parseArgs, parseCount } from './generate.js'
import { cpuMsSince, emitReport, fmt, heapUsed, log, median, rate, ratio, readBatches, readLineChunks, seconds, table, trafficFile } from './lib.js'

export const BENCH_CLOCK = () => new Date('2027-01-01T00:00:00Z')

export function benchEngine(): Engine {
  return createEngine({ context: BENCH_CONTEXT, clock: BENCH_CLOCK })
}

/** Read + split + JSON.parse of every line: the least any NDJSON ingest must do. */
export async function measureFloor(file: string): Promise<{ ms: number; cpuMs: number; lines: number }> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  let lines = 0
  let keep: unknown
  for await (const chunk of readLineChunks(file)) {
    for (const line of chunk) {
      keep = JSON.parse(line)
      lines++
    }
  }
  if (keep === undefined) throw new Error('empty file')
  return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu), lines }
}

export interface IngestTotals {
  lines: number
  accepted: number
  duplicates: number
  revised: number
  skipped: number
  rejected: number
  firstRejects: string[]
}

function emptyTotals(): IngestTotals {
  return { lines: 0, accepted: 0, duplicates: 0, revised: 0, skipped: 0, rejected: 0, firstRejects: [] }
}

/** Raw lines -> engine.ingest, in batches. `ms` is end to end; `ingestMs` only the ingest calls. */
export async function measureIngest(
  file: string,
  options: { batch: number; engine?: Engine; maxLines?: number },
): Promise<{ ms: number; cpuMs: number; ingestMs: number; ingestCallsCpuMs: number; totals: IngestTotals; engine: Engine }> {
  const engine = options.engine ?? benchEngine()
  const totals = emptyTotals()
  let ingestMs = 0
  let ingestCallsCpuMs = 0
  const cpu = process.cpuUsage()
  const started = performance.now()
  for await (const batch of readBatches(file, options.batch)) {
    const inputs = options.maxLines === undefined ? batch : batch.slice(0, Math.max(0, options.maxLines - totals.lines))
    if (inputs.length === 0) break
    const t = performance.now()
    const c = process.cpuUsage()
    const report = await engine.ingest(inputs, { batchSize: options.batch })
    ingestCallsCpuMs += cpuMsSince(c)
    ingestMs += performance.now() - t
    totals.lines += inputs.length
    totals.accepted += report.accepted
    totals.duplicates += report.duplicates
    totals.revised += report.revised
    totals.skipped += report.skipped.length
    totals.rejected += report.rejected.length
    for (const r of report.rejected.slice(0, 3 - totals.firstRejects.length)) totals.firstRejects.push(`${r.code} ${r.path.join('.')}: ${r.message}`)
  }
  return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu), ingestMs, ingestCallsCpuMs, totals, engine }
}

/** Pre-adapts each batch (not timed), then times engine.ingest of the canonical events alone. */
export async function measureCanonical(file: string, options: { batch: number }): Promise<{ ingestMs: number; cpuMs: number; events: number }> {
  const engine = benchEngine()
  let ingestMs = 0
  let cpuMs = 0
  let events = 0
  for await (const batch of readBatches(file, options.batch)) {
    const canonical: unknown[] = []
    for (const input of batch) {
      const formatted = input as { format?: string; payload?: unknown }
      if (formatted.format === undefined) canonical.push(input)
      else {
        const adapted = safeAdapt(formatted.format, formatted.payload, engine.context)
        const result = adapted instanceof Promise ? await adapted : adapted
        if (result.success) canonical.push(...(result.events as CustomerEvent[]))
      }
    }
    events += canonical.length
    const t = performance.now()
    const c = process.cpuUsage()
    await engine.ingest(canonical, { batchSize: options.batch })
    cpuMs += cpuMsSince(c)
    ingestMs += performance.now() - t
  }
  return { ingestMs, cpuMs, events }
}

export interface IngestBenchResult {
  readonly file: string
  readonly lines: number
  readonly floorMs: number
  readonly floorCpuMs: number
  readonly ingestMs: number
  readonly ingestCpuMs: number
  readonly ingestCallsMs: number
  readonly ingestCallsCpuMs: number
  readonly canonicalMs?: number
  readonly canonicalCpuMs?: number
  readonly canonicalEvents?: number
  readonly heapBytesPerEvent: number
  readonly heapBytes: number
  /** Array buffers after the ingest (outside the JS heap, so not in `heapBytes`): zero unless something stores bytes there. */
  readonly arrayBufferBytes: number
  readonly storedEvents: number
  readonly profiles: number
  readonly totals: IngestTotals
}

export async function runIngestBench(file: string, options: { batch: number; repeat: number; canonical: boolean }): Promise<IngestBenchResult> {
  const floors: number[] = []
  const floorCpus: number[] = []
  const ingests: number[] = []
  const ingestCpus: number[] = []
  const calls: number[] = []
  const callCpus: number[] = []
  const canonicals: number[] = []
  const canonicalCpus: number[] = []
  let heapBytes = 0
  let arrayBufferBytes = 0
  let storedEvents = 0
  let profiles = 0
  let lines = 0
  let canonicalEvents = 0
  let totals = emptyTotals()
  for (let round = 0; round < options.repeat; round++) {
    const floor = await measureFloor(file)
    floors.push(floor.ms)
    floorCpus.push(floor.cpuMs)
    lines = floor.lines
    log(`floor ${fmt(floor.lines)} lines: ${seconds(floor.ms)} s`)
    const base = heapUsed()
    const run = await measureIngest(file, { batch: options.batch })
    ingests.push(run.ms)
    ingestCpus.push(run.cpuMs)
    calls.push(run.ingestMs)
    callCpus.push(run.ingestCallsCpuMs)
    totals = run.totals
    if (round === 0) {
      heapBytes = heapUsed() - base
      arrayBufferBytes = process.memoryUsage().arrayBuffers
      storedEvents = await run.engine.store.countEvents()
      profiles = (await run.engine.store.listProfiles()).length
    }
    log(`ingest: ${seconds(run.ms)} s wall, ${seconds(run.cpuMs)} s CPU (${fmt(rate(lines, run.cpuMs))} lines/CPU-s), ${fmt(storedEvents)} events, ${fmt(profiles)} profiles, ${totals.rejected} rejected`)
    if (options.canonical) {
      const canonical = await measureCanonical(file, { batch: options.batch })
      canonicals.push(canonical.ingestMs)
      canonicalCpus.push(canonical.cpuMs)
      canonicalEvents = canonical.events
      log(`canonical ingest: ${seconds(canonical.ingestMs)} s wall, ${seconds(canonical.cpuMs)} s CPU`)
    }
  }
  return {
    file,
    lines,
    floorMs: median(floors),
    floorCpuMs: median(floorCpus),
    ingestMs: median(ingests),
    ingestCpuMs: median(ingestCpus),
    ingestCallsMs: median(calls),
    ingestCallsCpuMs: median(callCpus),
    ...(options.canonical ? { canonicalMs: median(canonicals), canonicalCpuMs: median(canonicalCpus), canonicalEvents } : {}),
    heapBytes,
    arrayBufferBytes,
    heapBytesPerEvent: Math.round(heapBytes / Math.max(1, storedEvents)),
    storedEvents,
    profiles,
    totals,
  }
}

export function ingestMarkdown(result: IngestBenchResult, command: string): string {
  const r = result
  const rows: (string | number)[][] = [
    ['JSON.parse floor (read + split + parse)', seconds(r.floorMs), fmt(rate(r.lines, r.floorMs)), '1.00', seconds(r.floorCpuMs), fmt(rate(r.lines, r.floorCpuMs)), '1.00'],
    ['raw lines -> engine.ingest, end to end', seconds(r.ingestMs), fmt(rate(r.lines, r.ingestMs)), ratio(r.ingestMs, r.floorMs), seconds(r.ingestCpuMs), fmt(rate(r.lines, r.ingestCpuMs)), ratio(r.ingestCpuMs, r.floorCpuMs)],
    ['  of which engine.ingest calls', seconds(r.ingestCallsMs), fmt(rate(r.lines, r.ingestCallsMs)), ratio(r.ingestCallsMs, r.floorMs), seconds(r.ingestCallsCpuMs), fmt(rate(r.lines, r.ingestCallsCpuMs)), ratio(r.ingestCallsCpuMs, r.floorCpuMs)],
  ]
  if (r.canonicalMs !== undefined) {
    rows.push(['pre-adapted canonical events -> engine.ingest', seconds(r.canonicalMs), fmt(rate(r.canonicalEvents ?? r.lines, r.canonicalMs)), ratio(r.canonicalMs, r.floorMs), seconds(r.canonicalCpuMs ?? 0), fmt(rate(r.canonicalEvents ?? r.lines, r.canonicalCpuMs ?? 1)), ratio(r.canonicalCpuMs ?? 0, r.floorCpuMs)])
  }
  return [
    `Command: \`${command}\``,
    '',
    `${fmt(r.lines)} lines (${fmt(r.totals.duplicates)} duplicates or older revisions, ${fmt(r.totals.revised)} revised, ${fmt(r.totals.rejected)} rejected, ${fmt(r.totals.skipped)} skipped) -> ${fmt(r.storedEvents)} stored events, ${fmt(r.profiles)} profiles.`,
    '',
    table(['phase', 'wall s', 'lines/s (wall)', 'x floor (wall)', 'CPU s', 'lines/CPU-s', 'x floor (CPU)'], rows),
    '',
    'Wall time on a shared box varies with other load; CPU time (process user + system, GC threads included) and the ratios measured in the same run are the figures to compare.',
    '',
    `Heap after ingest (forced GC): ${fmt(Math.round(r.heapBytes / 2 ** 20))} MiB, ${fmt(r.heapBytesPerEvent)} bytes per stored event; array buffers outside the heap: ${fmt(Math.round(r.arrayBufferBytes / 2 ** 20))} MiB.`,
    r.canonicalMs === undefined
      ? ''
      : `Adapter share of the ingest calls (CPU): ${((1 - (r.canonicalCpuMs ?? 0) / r.ingestCallsCpuMs) * 100).toFixed(0)}% (raw ingest calls minus canonical ingest, over raw ingest calls; canonical ingest still validates with parseEvent). Canonical rates are per canonical event.`,
  ].join('\n')
}

if (import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1] ?? '').href) {
  const args = parseArgs(process.argv.slice(2))
  const seed = Number(args.get('seed') ?? 42)
  const events = parseCount(args.get('events') ?? '100k')
  const file = args.get('file') ?? (await trafficFile({ events, seed, shared: !args.has('no-shared') }))
  const result = await runIngestBench(file, {
    batch: Number(args.get('batch') ?? 10_000),
    repeat: Number(args.get('repeat') ?? 1),
    canonical: !args.has('no-canonical'),
  })
  const command = `node --expose-gc --max-old-space-size=8192 --import tsx bench/ingest.ts ${process.argv.slice(2).filter((a, i, all) => a !== '--report' && all[i - 1] !== '--report').join(' ')}`
  emitReport(args, {
    title: `Ingest throughput at ${fmt(result.lines)} lines`,
    markdown: ingestMarkdown(result, command),
    figures: {
      lines: result.lines,
      floorMs: Math.round(result.floorMs),
      ingestMs: Math.round(result.ingestMs),
      ingestCpuMs: Math.round(result.ingestCpuMs),
      floorCpuMs: Math.round(result.floorCpuMs),
      ingestCallsMs: Math.round(result.ingestCallsMs),
      linesPerSecond: rate(result.lines, result.ingestMs),
      linesPerCpuSecond: rate(result.lines, result.ingestCpuMs),
      ratioToFloor: +(result.ingestMs / result.floorMs).toFixed(2),
      cpuRatioToFloor: +(result.ingestCpuMs / result.floorCpuMs).toFixed(2),
      ...(result.canonicalMs === undefined ? {} : { canonicalMs: Math.round(result.canonicalMs), canonicalCpuMs: Math.round(result.canonicalCpuMs ?? 0), canonicalEventsPerCpuSecond: rate(result.canonicalEvents ?? 0, result.canonicalCpuMs ?? 1) }),
      heapBytesPerEvent: result.heapBytesPerEvent,
      heapMiB: Math.round(result.heapBytes / 2 ** 20),
      arrayBufferMiB: Math.round(result.arrayBufferBytes / 2 ** 20),
      storedEvents: result.storedEvents,
      profiles: result.profiles,
      rejected: result.totals.rejected,
      firstRejects: result.totals.firstRejects.join(' / '),
    },
  })
}
