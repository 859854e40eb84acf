// The per-event front of ingest, apart from resolution: CPU µs per line for the JSON.parse floor,
// safeAdapt of each format, and parseEvent of canonical events, with ratios to the floor measured
// in the same process.
//
//   npx tsx bench/parse.ts [--file bench/.data/t30k.ndjson] [--rounds 5] [--json]
//   npx tsx bench/parse.ts --base main [--file F] [--rounds 5]   # before/after, alternating processes
//
// Each figure is the median over `--rounds` passes after one warm-up pass (which also fills the
// phone-number memo, as a long-running ingest would). Lines without `format` are canonical events
// and are timed under `parseEvent (input lines)`; `parseEvent (adapted)` re-parses what the
// adapters produced, which is what ingest pays for every canonical event.
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { createChannelContext, type CustomerEvent, parseEvent, safeAdapt } from '../src/index.js'
import { BENCH_CONTEXT, parseArgs } from './generate.js'
import { checkoutBase, fmt, median, table } from './lib.js'

type Figures = Record<string, { lines: number; usPerLine: number }>

const args = parseArgs(process.argv.slice(2))
const file = resolve(args.get('file') ?? 'bench/.data/t30k.ndjson')
const rounds = Number(args.get('rounds') ?? 5)

function cpuUs(): number {
  const used = process.cpuUsage()
  return used.user + used.system
}

/** CPU µs per item of `work` over `items`: median of `rounds` timed passes after one warm-up. */
function perItem<T>(items: readonly T[], work: (item: T) => unknown): number {
  let sink = 0
  const pass = () => {
    const start = cpuUs()
    for (const item of items) if (work(item) !== undefined) sink++
    return (cpuUs() - start) / items.length
  }
  pass()
  const times = Array.from({ length: rounds }, pass)
  if (sink === 0) throw new Error('no work was done')
  return median(times)
}

/** {@link perItem} for asynchronous work, awaited one item at a time as batch ingest does. */
async function perItemAsync<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<number> {
  let sink = 0
  const pass = async () => {
    const start = cpuUs()
    for (const item of items) if ((await work(item)) !== undefined) sink++
    return (cpuUs() - start) / items.length
  }
  await pass()
  const times: number[] = []
  for (let round = 0; round < rounds; round++) times.push(await pass())
  if (sink === 0) throw new Error('no work was done')
  return median(times)
}

interface Mailbox {
  address?: string
  name?: string
}

/** The raw RFC 5322 text a mail server would have delivered for a postal-mime object of the traffic. */
function rawEmail(mail: { from?: Mailbox; to?: Mailbox[]; subject?: string; messageId: string; inReplyTo?: string; references?: string; date: string; text?: string }): string {
  const mailbox = (box: Mailbox) => (box.name ? `"${box.name}" <${box.address}>` : `<${box.address}>`)
  const headers = [
    mail.from ? `From: ${mailbox(mail.from)}` : undefined,
    mail.to?.length ? `To: ${mail.to.map(mailbox).join(', ')}` : undefined,
    mail.subject === undefined ? undefined : `Subject: ${mail.subject}`,
    `Message-ID: ${mail.messageId}`,
    mail.inReplyTo ? `In-Reply-To: ${mail.inReplyTo}` : undefined,
    mail.references ? `References: ${mail.references}` : undefined,
    `Date: ${new Date(mail.date).toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ]
  return `${headers.filter((line) => line !== undefined).join('\r\n')}\r\n\r\n${mail.text ?? ''}\r\n`
}

async function measure(): Promise<Figures> {
  const context = createChannelContext(BENCH_CONTEXT)
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0)
  const figures: Figures = {}
  figures['JSON.parse (floor)'] = { lines: lines.length, usPerLine: perItem(lines, (line) => JSON.parse(line)) }

  const byFormat = new Map<string, { format: string; payload: unknown }[]>()
  const canonical: unknown[] = []
  for (const line of lines) {
    const value = JSON.parse(line) as { format?: unknown; payload?: unknown }
    if (typeof value.format === 'string') {
      const group = byFormat.get(value.format) ?? []
      group.push({ format: value.format, payload: value.payload })
      byFormat.set(value.format, group)
    } else canonical.push(value)
  }

  const adapted: CustomerEvent[] = []
  const formatted = [...byFormat.values()].flat()
  for (const [format, group] of [...byFormat].sort(([a], [b]) => (a < b ? -1 : 1))) {
    figures[`safeAdapt ${format}`] = { lines: group.length, usPerLine: perItem(group, (line) => adaptSync(line.format, line.payload)) }
  }
  for (const line of formatted) {
    const result = adaptSync(line.format, line.payload)
    if (result.success) adapted.push(...result.events)
  }
  if (formatted.length > 0) figures['safeAdapt (all formats)'] = { lines: formatted.length, usPerLine: perItem(formatted, (line) => adaptSync(line.format, line.payload)) }
  if (canonical.length > 0) figures['parseEvent (input lines)'] = { lines: canonical.length, usPerLine: perItem(canonical, (event) => parseEvent(event, context.normalize)) }
  figures['parseEvent (adapted)'] = { lines: adapted.length, usPerLine: perItem(adapted, (event) => parseEvent(event, context.normalize)) }
  // Raw messages are not in the traffic files: the email.postal-mime lines, written out as raw text.
  const raw = (byFormat.get('email.postal-mime') ?? []).map((line) => rawEmail(line.payload as Parameters<typeof rawEmail>[0]))
  if (raw.length > 0) figures['safeAdapt email.rfc5322 (rendered emails)'] = { lines: raw.length, usPerLine: await perItemAsync(raw, (text) => safeAdapt('email.rfc5322', text, context)) }
  return figures

  function adaptSync(format: string, payload: unknown) {
    const result = safeAdapt(format, payload, context)
    if (result instanceof Promise) throw new Error(`${format} is asynchronous: not part of this bench`)
    return result
  }
}

function report(columns: readonly { name: string; figures: Figures }[]): string {
  const names = [...new Set(columns.flatMap((column) => Object.keys(column.figures)))]
  const header = ['step', 'lines', ...columns.flatMap((column) => [`${column.name} µs/line`, `${column.name} x floor`])]
  if (columns.length === 2) header.push('speedup')
  const rows = names.map((name) => {
    const cells: (string | number)[] = [name, fmt(columns[0]?.figures[name]?.lines ?? 0)]
    for (const column of columns) {
      const figure = column.figures[name]
      const floor = column.figures['JSON.parse (floor)']?.usPerLine ?? Number.NaN
      cells.push(figure ? figure.usPerLine.toFixed(2) : '-', figure ? (figure.usPerLine / floor).toFixed(1) : '-')
    }
    const [before, after] = columns.map((column) => column.figures[name]?.usPerLine)
    if (columns.length === 2) cells.push(before && after ? `${(before / after).toFixed(2)}x` : '-')
    return cells
  })
  return table(header, rows)
}

/** Runs this bench on `base`'s src/ and on the work tree, alternating processes, and keeps each figure's median. */
function compare(base: string): void {
  const root = resolve('.')
  const dir = checkoutBase(base, 'parse')
  const run = (cwd: string) => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'bench/parse.ts', '--file', file, '--rounds', String(rounds), '--json'], { cwd, encoding: 'utf8' })
    if (out.status !== 0) throw new Error(out.stderr)
    return JSON.parse(out.stdout.trim().split('\n').at(-1) as string) as Figures
  }
  const processes = Number(args.get('processes') ?? 3)
  const runs: { base: Figures[]; work: Figures[] } = { base: [], work: [] }
  for (let i = 0; i < processes; i++) {
    runs.base.push(run(dir))
    runs.work.push(run(root))
    console.error(`process pair ${i + 1} of ${processes} done`)
  }
  rmSync(dir, { recursive: true, force: true })
  const merge = (list: Figures[]): Figures =>
    Object.fromEntries(Object.keys(list[0] ?? {}).map((name) => [name, { lines: list[0]?.[name]?.lines ?? 0, usPerLine: median(list.map((f) => f[name]?.usPerLine ?? Number.NaN)) }]))
  console.log(`${file}: medians of ${processes} process(es) each, ${rounds} rounds per process, CPU time\n`)
  console.log(report([{ name: base, figures: merge(runs.base) }, { name: 'work tree', figures: merge(runs.work) }]))
}

const base = args.get('base')
if (base) compare(base)
else {
  const figures = await measure()
  if (args.has('json')) console.log(JSON.stringify(figures))
  else console.log(`${file}: CPU time, median of ${rounds} rounds\n\n${report([{ name: 'this tree', figures }])}`)
}
