// The same identity graph stitched the way warehouse teams do it: an edges table of
// (event, identifier) pairs and iterative label propagation in SQL (RudderStack-style ID
// stitcher: `UPDATE ... SET cluster = min(neighbour cluster)` until nothing changes), in DuckDB,
// timed in the same process as throughline, with a partition check between the two.
//
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/peer-duckdb.ts --events 1m [--seed 42]
//     [--live 1000] [--no-shared] [--report out.json]
//
// Fairness: DuckDB is fed the normalized identifier keys throughline computed, minus the keys
// `isPlaceholder` rejects (`usableKeys`), so the comparison is about stitching, not parsing.
// Throughline's time is the whole ingest from raw lines (read, JSON.parse, adapt, validate,
// resolve, build profiles); the peer's time is loading the edges plus stitching.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { existsSync, readFileSync } from 'node:fs'
import type { CustomerEvent } from '../src/index.js'
import { usableKeys } from '../src/identity/index.js'
import { parseArgs, parseCount } from './generate.js'
import { benchEngine, measureIngest } from './ingest.js'
import { cpuMsSince, emitReport, fmt, log, ratio, readLineChunks, seconds, table, trafficFile } from './lib.js'

/** Dense integer ids for event ids and identifier keys, shared by both sides of the comparison. */
class Interner {
  readonly ids = new Map<string, number>()
  id(text: string): number {
    let id = this.ids.get(text)
    if (id === undefined) {
      id = this.ids.size
      this.ids.set(text, id)
    }
    return id
  }
}

/** The SQL stitcher over tables `events(event)` and `edges(event, key)`. */
export async function stitch(connection: DuckDBConnection): Promise<{ ms: number; iterations: number }> {
  const started = performance.now()
  await connection.run('CREATE OR REPLACE TABLE labels AS SELECT event, event AS cluster FROM events')
  let iterations = 0
  for (;;) {
    iterations++
    // Each key takes the smallest label of its events; each event the smallest label of its keys.
    await connection.run(
      'CREATE OR REPLACE TEMP TABLE key_labels AS SELECT e.key, min(l.cluster) AS cluster FROM edges e JOIN labels l USING (event) GROUP BY e.key',
    )
    const update = await connection.run(
      `UPDATE labels SET cluster = m.cluster
       FROM (SELECT e.event, min(k.cluster) AS cluster FROM edges e JOIN key_labels k USING (key) GROUP BY e.event) m
       WHERE labels.event = m.event AND m.cluster < labels.cluster`,
    )
    if (update.rowsChanged === 0) break
  }
  return { ms: performance.now() - started, iterations }
}

async function appendEdges(connection: DuckDBConnection, events: readonly number[], edges: readonly (readonly [number, number])[]): Promise<void> {
  const eventAppender = await connection.createAppender('events')
  for (const event of events) {
    eventAppender.appendInteger(event)
    eventAppender.endRow()
  }
  eventAppender.closeSync()
  const edgeAppender = await connection.createAppender('edges')
  for (const [event, key] of edges) {
    edgeAppender.appendInteger(event)
    edgeAppender.appendInteger(key)
    edgeAppender.endRow()
  }
  edgeAppender.closeSync()
}

/** Clusters as a map from dense event id to a label, for each side. */
export interface PartitionDiff {
  readonly clustersA: number
  readonly clustersB: number
  /** Clusters of A that are not exactly a cluster of B, and the other way round. */
  readonly onlyInA: number
  readonly onlyInB: number
}

/** Compares two partitions of the same events (labels by event index). */
export function comparePartitions(a: Int32Array, b: Int32Array): PartitionDiff {
  const sizeA = new Map<number, number>()
  const sizeB = new Map<number, number>()
  const pairSize = new Map<string, number>()
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number
    const y = b[i] as number
    sizeA.set(x, (sizeA.get(x) ?? 0) + 1)
    sizeB.set(y, (sizeB.get(y) ?? 0) + 1)
    const pair = `${x}:${y}`
    pairSize.set(pair, (pairSize.get(pair) ?? 0) + 1)
  }
  // A cluster is shared exactly when some (A, B) pair covers the whole of both.
  let same = 0
  for (const [pair, size] of pairSize) {
    const [x, y] = pair.split(':').map(Number) as [number, number]
    if (sizeA.get(x) === size && sizeB.get(y) === size) same++
  }
  return { clustersA: sizeA.size, clustersB: sizeB.size, onlyInA: sizeA.size - same, onlyInB: sizeB.size - same }
}

async function throughlineLabels(engine: ReturnType<typeof benchEngine>, interner: Interner, count: number): Promise<Int32Array> {
  const labels = new Int32Array(count).fill(-1)
  const profiles = await engine.store.listProfiles()
  profiles.forEach((profile, p) => {
    for (const id of profile.eventIds) {
      const index = interner.ids.get(id)
      if (index !== undefined) labels[index] = p
    }
  })
  return labels
}

async function duckLabels(connection: DuckDBConnection, count: number): Promise<Int32Array> {
  const labels = new Int32Array(count).fill(-1)
  const reader = await connection.runAndReadAll('SELECT event, cluster FROM labels')
  for (const [event, cluster] of reader.getRows() as [number, number][]) labels[event] = cluster
  return labels
}

/** Ground truth: person per source record id, as the generator wrote it. */
function truthLabels(file: string, events: readonly CustomerEvent[], interner: Interner): Int32Array | undefined {
  if (!existsSync(`${file}.truth.ndjson`)) return undefined
  const person = new Map<string, number>()
  for (const line of readFileSync(`${file}.truth.ndjson`, 'utf8').split('\n')) {
    if (!line) continue
    const row = JSON.parse(line) as { source: string; person: number }
    person.set(row.source, row.person)
  }
  const labels = new Int32Array(interner.ids.size).fill(-1)
  for (const event of events) labels[interner.ids.get(event.id) as number] = person.get(event.source.id) ?? -1
  return labels
}

/** Every stored event, in profile order. */
async function storedEvents(engine: ReturnType<typeof benchEngine>): Promise<CustomerEvent[]> {
  const ids = (await engine.store.listProfiles()).flatMap((p) => p.eventIds)
  return engine.store.getEvents(ids)
}

export async function runPeer(file: string, options: { live: number }) {
  // The last `live` lines arrive after the backfill of the rest.
  let total = 0
  for await (const chunk of readLineChunks(file)) total += chunk.length
  const base = total - options.live

  // Throughline: backfill, then the live events incrementally.
  const cpuBackfill = process.cpuUsage()
  const backfill = await measureIngest(file, { batch: 10_000, maxLines: base })
  const backfillCpu = cpuMsSince(cpuBackfill)
  log(`throughline backfill ${fmt(base)} lines: ${seconds(backfill.ms)} s wall, ${seconds(backfillCpu)} s CPU`)
  const engine = backfill.engine
  const liveInputs: unknown[] = []
  let seen = 0
  for await (const chunk of readLineChunks(file)) {
    for (const line of chunk) if (seen++ >= base) liveInputs.push(JSON.parse(line))
  }

  // Peer: edges from throughline's normalized, placeholder-free keys.
  const interner = new Interner()
  const keys = new Interner()
  const toEdges = (events: readonly CustomerEvent[]) => {
    const ids: number[] = []
    const edges: [number, number][] = []
    for (const event of events) {
      const id = interner.id(event.id)
      ids.push(id)
      for (const key of usableKeys(event)) edges.push([id, keys.id(key)])
    }
    return { ids, edges }
  }
  const before = await storedEvents(engine)
  const baseGraph = toEdges(before)
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  await connection.run('CREATE TABLE events (event INTEGER)')
  await connection.run('CREATE TABLE edges (event INTEGER, key INTEGER)')
  const peerCpu = process.cpuUsage()
  const loadStarted = performance.now()
  await appendEdges(connection, baseGraph.ids, baseGraph.edges)
  const loadMs = performance.now() - loadStarted
  const backfillStitch = await stitch(connection)
  const peerBackfillCpuMs = cpuMsSince(peerCpu)
  log(`duckdb backfill: load ${seconds(loadMs)} s, stitch ${seconds(backfillStitch.ms)} s in ${backfillStitch.iterations} iterations`)
  const backfillDiff = comparePartitions(await throughlineLabels(engine, interner, interner.ids.size), await duckLabels(connection, interner.ids.size))
  const truth = truthLabels(file, before, interner)
  const truthDiff = truth && comparePartitions(await throughlineLabels(engine, interner, interner.ids.size), truth)

  // Live: throughline ingests the new lines; the SQL stitcher appends their edges and re-runs from scratch.
  const liveStarted = performance.now()
  const liveCpu = process.cpuUsage()
  const liveReport = await engine.ingest(liveInputs, { batchSize: 10_000 })
  const liveCpuMs = cpuMsSince(liveCpu)
  const liveMs = performance.now() - liveStarted
  const changed = await engine.store.getEvents(liveReport.eventIds)
  const revisedIds = changed.map((e) => interner.ids.get(e.id)).filter((id): id is number => id !== undefined)
  const liveGraph = toEdges(changed)
  const peerLiveStarted = performance.now()
  const peerLiveCpu = process.cpuUsage()
  if (revisedIds.length > 0) {
    // A revised event replaces its old row and edges.
    await connection.run(`DELETE FROM edges WHERE event IN (${revisedIds.join(',')})`)
    await connection.run(`DELETE FROM events WHERE event IN (${revisedIds.join(',')})`)
  }
  await appendEdges(connection, liveGraph.ids, liveGraph.edges)
  const liveStitch = await stitch(connection)
  const peerLiveMs = performance.now() - peerLiveStarted
  const peerLiveCpuMs = cpuMsSince(peerLiveCpu)
  log(`live ${fmt(liveInputs.length)} lines: throughline ${(liveMs).toFixed(1)} ms, duckdb ${seconds(peerLiveMs)} s`)
  const liveDiff = comparePartitions(await throughlineLabels(engine, interner, interner.ids.size), await duckLabels(connection, interner.ids.size))
  connection.closeSync()
  instance.closeSync()
  return {
    base,
    live: liveInputs.length,
    events: before.length,
    edges: baseGraph.edges.length,
    keys: keys.ids.size,
    throughlineBackfillMs: backfill.ms,
    throughlineBackfillCpuMs: backfillCpu,
    peerLoadMs: loadMs,
    peerBackfillCpuMs,
    liveCpuMs,
    peerLiveCpuMs,
    peerStitchMs: backfillStitch.ms,
    iterations: backfillStitch.iterations,
    backfillDiff,
    truthDiff,
    throughlineLiveMs: liveMs,
    peerLiveMs,
    liveIterations: liveStitch.iterations,
    liveDiff,
    liveAccepted: liveReport.accepted + liveReport.revised,
  }
}

if (import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1] ?? '').href) {
  const args = parseArgs(process.argv.slice(2))
  const seed = Number(args.get('seed') ?? 42)
  const live = Number(args.get('live') ?? 1_000)
  const events = parseCount(args.get('events') ?? '100k')
  const shared = !args.has('no-shared')
  const file = args.get('file') ?? (await trafficFile({ events: events + live, seed, shared }))
  const r = await runPeer(file, { live })
  const peerBackfill = r.peerLoadMs + r.peerStitchMs
  const command = `node --expose-gc --max-old-space-size=8192 --import tsx bench/peer-duckdb.ts ${process.argv.slice(2).filter((a, i, all) => a !== '--report' && all[i - 1] !== '--report').join(' ')}`
  const markdown = [
    `Command: \`${command}\``,
    '',
    `${fmt(r.base)} lines backfilled (${fmt(r.events)} events, ${fmt(r.keys)} usable identifier keys, ${fmt(r.edges)} event-key edges), then ${fmt(r.live)} live lines (${fmt(r.liveAccepted)} new or revised events). Traffic ${shared ? 'with' : 'without'} shared values (household landlines, role inboxes).`,
    '',
    table(
      ['scenario', 'throughline (wall)', 'DuckDB SQL stitcher (wall)', 'peer / throughline (wall)', 'throughline CPU s', 'DuckDB CPU s (all threads)', 'peer / throughline (CPU)'],
      [
        ['backfill (throughline: raw lines end to end; peer: load edges + stitch)', `${seconds(r.throughlineBackfillMs)} s`, `${seconds(peerBackfill)} s (load ${seconds(r.peerLoadMs)} + stitch ${seconds(r.peerStitchMs)}, ${r.iterations} iterations)`, ratio(peerBackfill, r.throughlineBackfillMs), seconds(r.throughlineBackfillCpuMs), seconds(r.peerBackfillCpuMs), ratio(r.peerBackfillCpuMs, r.throughlineBackfillCpuMs)],
        [`live: ${fmt(r.live)} new lines into the ${fmt(r.base)}-line graph`, `${r.throughlineLiveMs.toFixed(1)} ms`, `${seconds(r.peerLiveMs)} s (append + full re-run, ${r.liveIterations} iterations)`, ratio(r.peerLiveMs, r.throughlineLiveMs), seconds(r.liveCpuMs), seconds(r.peerLiveCpuMs), ratio(r.peerLiveCpuMs, r.liveCpuMs)],
      ],
    ),
    '',
    `Partition check (canonical sets of event ids): backfill ${r.backfillDiff.onlyInA === 0 && r.backfillDiff.onlyInB === 0 ? 'identical' : 'DIFFERENT'} (${fmt(r.backfillDiff.clustersA)} throughline profiles, ${fmt(r.backfillDiff.clustersB)} SQL clusters; ${r.backfillDiff.onlyInA} / ${r.backfillDiff.onlyInB} clusters differ), after live ${r.liveDiff.onlyInA === 0 && r.liveDiff.onlyInB === 0 ? 'identical' : 'DIFFERENT'} (${r.liveDiff.onlyInA} / ${r.liveDiff.onlyInB} differ).`,
    'Differences are expected once identity guards (shared-value detection) land: throughline will then split household landlines and role inboxes that plain connected components fuse; run with `--no-shared` for a strict equality check.',
    '',
    r.truthDiff
      ? `Against the generator's ground truth (person per source record), throughline's ${fmt(r.truthDiff.clustersA)} profiles vs ${fmt(r.truthDiff.clustersB)} people: ${fmt(r.truthDiff.onlyInA)} profiles and ${fmt(r.truthDiff.onlyInB)} people are not matched exactly. Causes: people whose several addresses never appear together (no CRM record) stay split, and shared landlines and role inboxes fuse households and colleagues.`
      : 'No ground-truth side file: truth comparison skipped.',
  ].join('\n')
  emitReport(args, {
    title: `Identity stitching vs a DuckDB SQL stitcher at ${fmt(r.base)} lines`,
    markdown,
    figures: {
      base: r.base,
      throughlineBackfillMs: Math.round(r.throughlineBackfillMs),
      peerBackfillMs: Math.round(peerBackfill),
      backfillRatio: +(peerBackfill / r.throughlineBackfillMs).toFixed(2),
      throughlineLiveMs: +r.throughlineLiveMs.toFixed(1),
      peerLiveMs: Math.round(r.peerLiveMs),
      liveRatio: +(r.peerLiveMs / r.throughlineLiveMs).toFixed(2),
      partitionsEqual: r.backfillDiff.onlyInA === 0 && r.backfillDiff.onlyInB === 0 && r.liveDiff.onlyInA === 0 && r.liveDiff.onlyInB === 0,
      differingClusters: r.backfillDiff.onlyInA + r.backfillDiff.onlyInB,
    },
  })
}
