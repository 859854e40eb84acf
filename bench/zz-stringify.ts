import { createEngine, type CustomerEvent, safeAdapt } from '../src/index.js'
import { createMemoryStore } from '../src/store/index.js'
import { BENCH_CONTEXT } from './generate.js'
import { BENCH_CLOCK } from './ingest.js'
import { readBatches } from './lib.js'
import { recordingStore, type StoreCall } from './store-recorder.js'
const transactions: StoreCall[][] = []
const engine = createEngine({ context: BENCH_CONTEXT, clock: BENCH_CLOCK, store: recordingStore(createMemoryStore(), transactions) })
let lines = 0
for await (const chunk of readBatches('bench/.data/t30k.ndjson', 5000)) {
  const events: CustomerEvent[] = []
  for (const input of chunk as { format: string; payload: unknown }[]) {
    const r = safeAdapt(input.format, input.payload, engine.context)
    const result = r instanceof Promise ? await r : r
    if (result.success) events.push(...(result.events as CustomerEvent[]))
  }
  lines += chunk.length
  await engine.ingest(events, { batchSize: 5000 })
  if (lines >= 20000) break
}
const groups = new Map<string, unknown[]>()
for (const calls of transactions) for (const { method, args } of calls) {
  const arg = args[0] as unknown[]
  if (method === 'putEvents') for (const e of arg) (groups.get('events') ?? groups.set('events', []).get('events'))!.push(e)
  if (method === 'putProfiles') for (const p of arg as { evidence: unknown; snapshot: unknown }[]) {
    (groups.get('evidence') ?? groups.set('evidence', []).get('evidence'))!.push(p.evidence)
    ;(groups.get('snapshot') ?? groups.set('snapshot', []).get('snapshot'))!.push(p.snapshot)
  }
  if (method === 'appendChanges') for (const c of arg as { patch: unknown }[]) (groups.get('patch') ?? groups.set('patch', []).get('patch'))!.push(c.patch)
}
for (let r = 0; r < 4; r++) {
  for (const [name, docs] of groups) {
    const t = performance.now()
    let bytes = 0
    for (const d of docs) bytes += JSON.stringify(d).length
    const t2 = performance.now()
    const whole = JSON.stringify(docs).length
    const t3 = performance.now()
    console.log(`${name}: ${docs.length} docs, ${(bytes / 1e6).toFixed(1)} MB: per doc ${(t2 - t).toFixed(0)} ms, one array ${(t3 - t2).toFixed(0)} ms (${whole})`)
  }
}
const MARK = '\u001e'
for (let r = 0; r < 4; r++) {
  for (const [name, docs] of groups) {
    let t = performance.now()
    const a = docs.map((d) => JSON.stringify(d)).join(MARK)
    const perDoc = performance.now() - t
    t = performance.now()
    const inter: unknown[] = []
    for (const d of docs) inter.push(d, MARK)
    const b = JSON.stringify(inter)
    const one = performance.now() - t
    t = performance.now()
    const c = JSON.stringify(docs)
    const whole = performance.now() - t
    console.log(`${name}: per doc+join ${perDoc.toFixed(0)} ms, interleaved ${one.toFixed(0)} ms, whole ${whole.toFixed(0)} ms`, a.length, b.length, c.length)
  }
}
