import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { type ChannelContext, type ChannelContextInput, createChannelContext, describeIssue, safeAdapt } from '../../channels/index.js'
import { type ErrorCode, type Issue, ThroughlineError } from '../../errors.js'
import { type CustomerEvent, parseEvent } from '../../events/index.js'
import { type StateOptions, stateOptionsFrom } from '../state.js'

/** Where the command writes; `process.stdout`/`process.stderr` fit. */
export interface OutputLike {
  write(chunk: string): unknown
}

/** Whatever receives the adapted events: the lead passes `engine` (its `ingest`). */
export interface IngestTarget {
  ingest(events: readonly CustomerEvent[]): Promise<unknown>
}

export interface IngestIO {
  readonly stdout: OutputLike
  readonly stderr: OutputLike
  /** Whether stderr is a terminal: then a progress bar is drawn there. */
  readonly isTTY: boolean
  /**
   * Builds the target from the resolved context. Without one the command is a dry run: lines
   * are validated and adapted, and nothing is stored.
   */
  readonly engineFactory?: (options: IngestEngineOptions) => IngestTarget | Promise<IngestTarget>
}

/** What `engineFactory` is given: the resolved context and where `--state`/`--pg` say state lives. */
export interface IngestEngineOptions {
  readonly context: ChannelContext
  readonly contextInput: ChannelContextInput
  readonly state: StateOptions
}

/** One line that could not be ingested, located by its 1-based line number and a path inside it. */
export interface LineReject {
  readonly line: number
  readonly code: ErrorCode
  readonly path: readonly (string | number)[]
  readonly message: string
}

export interface IngestCommandReport {
  readonly file: string
  readonly lines: number
  readonly events: number
  readonly rejected: readonly LineReject[]
  readonly skipped: readonly { readonly line: number; readonly reason: string }[]
  /** What `ingest` returned for each batch, in order; empty on a dry run. */
  readonly batches: readonly unknown[]
  readonly dryRun: boolean
}

export const INGEST_USAGE = `usage: throughline ingest FILE.ndjson --context context.json [--state FILE | --pg URL] [--json]

Adapts and stores events, one per line: {"format": "<format id>", "payload": {...}} or a canonical
event. Bad lines are reported (file, line, field path) and skipped; the rest are stored.
  --context FILE      channel context JSON: own numbers, emails, accounts (required)
  --state FILE        state between runs, a memory-store snapshot, saved after the run
                      (default ./throughline-state.json)
  --pg URL            keep state in PostgreSQL instead (needs the "pg" package; migrated first)
  --json              print the report as JSON on stdout
  -h, --help          this help
Exit codes: 0 every line stored, 1 runtime failure, 2 usage, unreadable input or rejected lines.
`
const USAGE = INGEST_USAGE
/** Events are handed over in batches, so a large file never sits in memory at once. */
const BATCH = 1000

/**
 * `throughline ingest FILE.ndjson --context context.json [--json]`. Each line is either
 * `{ "format": "<format id>", "payload": { ... } }` (adapted with `safeAdapt`) or a canonical
 * event. Rejected lines are reported with line number, code, path and message, and the rest
 * are ingested: one bad line never stops a file.
 * @param argv the arguments after `ingest`
 * @returns the exit code: 0 all lines accepted, 2 some rejected, usage or unreadable input
 * @example await runIngest(['events.ndjson', '--context', 'context.json'], { stdout: process.stdout, stderr: process.stderr, isTTY: process.stderr.isTTY })
 */
export async function runIngest(argv: readonly string[], io: IngestIO): Promise<number> {
  let args: { file: string; contextPath: string; json: boolean; state: StateOptions }
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { context: { type: 'string' }, json: { type: 'boolean', default: false }, state: { type: 'string' }, pg: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    })
    if (values.help) {
      io.stdout.write(USAGE)
      return 0
    }
    if (positionals.length !== 1 || !positionals[0]) throw new Error(positionals.length === 0 ? 'missing FILE.ndjson' : `expected one FILE.ndjson, got ${positionals.length}`)
    if (!values.context) throw new Error('missing --context context.json')
    args = { file: positionals[0], contextPath: values.context, json: values.json ?? false, state: stateOptionsFrom(values) }
  } catch (error) {
    io.stderr.write(`throughline ingest: ${(error as Error).message}\n\n${USAGE}`)
    return 2
  }

  let contextInput: ChannelContextInput
  let context: ChannelContext
  let size: number
  try {
    contextInput = JSON.parse(await readFile(args.contextPath, 'utf8')) as ChannelContextInput
    context = createChannelContext(contextInput)
    size = (await stat(args.file)).size
  } catch (error) {
    const detail = ThroughlineError.is(error) ? `${error.message} (${describeIssue(error.issues[0])})` : (error as Error).message
    io.stderr.write(`throughline ingest: cannot start: ${detail}\n`)
    return 2
  }

  const target = io.engineFactory ? await io.engineFactory({ context, contextInput, state: args.state }) : undefined
  const bar = io.isTTY && !args.json ? new cliProgress.SingleBar({ stream: io.stderr as NodeJS.WritableStream, format: 'ingest [{bar}] {percentage}% | line {line} | {events} events | {rejected} rejected', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined
  bar?.start(size, 0, { line: 0, events: 0, rejected: 0 })

  const rejected: LineReject[] = []
  const skipped: { line: number; reason: string }[] = []
  const batches: unknown[] = []
  const held: string[] = []
  let pending: CustomerEvent[] = []
  // The line each pending event came from, so a reject by the engine still names its line.
  let pendingLines: number[] = []
  let events = 0
  let lineNumber = 0
  const rejectedLines = new Set<number>()
  let bytes = 0
  const flush = async () => {
    if (target && pending.length > 0) {
      const result = await target.ingest(pending)
      batches.push(result)
      for (const reject of engineRejects(result)) {
        const line = pendingLines[reject.index] ?? 0
        rejectedLines.add(line)
        rejected.push({ line, code: reject.code, path: reject.path, message: reject.message })
        note(`${args.file} line ${line}: ${reject.code} at ${reject.path.join('.') || '(line)'}: ${reject.message}\n`)
      }
    }
    pending = []
    pendingLines = []
  }
  const note = (message: string) => {
    // Under a progress bar, messages wait until the bar is gone rather than tear it.
    if (bar && !args.json) held.push(message)
    else if (!args.json) io.stderr.write(message)
  }

  const lines = createInterface({ input: createReadStream(args.file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY })
  try {
    for await (const text of lines) {
      lineNumber += 1
      bytes += Buffer.byteLength(text) + 1
      if (text.trim()) {
        const outcome = await readLine(text, context)
        if ('issues' in outcome) {
          for (const issue of outcome.issues) rejected.push({ line: lineNumber, code: issue.code, path: issue.path, message: issue.message })
          rejectedLines.add(lineNumber)
          note(`${args.file} line ${lineNumber}: ${outcome.issues.map((issue) => `${issue.code} at ${issue.path.join('.') || '(line)'}: ${issue.message}`).join('; ')}\n`)
        } else {
          pending.push(...outcome.events)
          pendingLines.push(...outcome.events.map(() => lineNumber))
          events += outcome.events.length
          if (outcome.skipped) skipped.push({ line: lineNumber, reason: outcome.skipped })
          if (pending.length >= BATCH) await flush()
        }
      }
      bar?.update(Math.min(bytes, size), { line: lineNumber, events, rejected: rejectedLines.size })
    }
    await flush()
  } finally {
    bar?.stop()
    for (const message of held) io.stderr.write(message)
  }

  const report: IngestCommandReport = { file: args.file, lines: lineNumber, events, rejected, skipped, batches, dryRun: target === undefined }
  if (args.json) io.stdout.write(`${JSON.stringify(report)}\n`)
  else {
    io.stdout.write(
      `${target ? 'ingested' : 'dry run: adapted'} ${events} event(s) from ${args.file}: ${lineNumber} line(s), ${rejectedLines.size} rejected, ${skipped.length} skipped\n`,
    )
  }
  return rejectedLines.size > 0 ? 2 : 0
}

/** The rejects in what the target's `ingest` returned, when it is an engine's ingest report. */
function engineRejects(result: unknown): readonly { readonly index: number; readonly code: ErrorCode; readonly path: readonly (string | number)[]; readonly message: string }[] {
  const rejected = (result as { rejected?: unknown } | null)?.rejected
  return Array.isArray(rejected) ? (rejected as ReturnType<typeof engineRejects>) : []
}

type LineOutcome = { readonly events: readonly CustomerEvent[]; readonly skipped?: string } | { readonly issues: readonly Issue[] }

/** One NDJSON line: a `{ format, payload }` envelope, or a canonical event. */
async function readLine(text: string, context: ChannelContext): Promise<LineOutcome> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { issues: [{ code: 'invalid_payload', path: [], message: `not JSON: ${(error as Error).message}` }] }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { issues: [{ code: 'invalid_payload', path: [], message: 'expected a JSON object' }] }
  }
  if ('format' in value || 'payload' in value) {
    const { format, payload } = value as { format?: unknown; payload?: unknown }
    if (typeof format !== 'string') return { issues: [{ code: 'unknown_format', path: ['format'], message: 'expected a format id' }] }
    const result = await safeAdapt(format, payload, context)
    return result.success ? { events: result.events, ...(result.skipped ? { skipped: result.skipped } : {}) } : { issues: result.issues }
  }
  const parsed = parseEvent(value, context.normalize)
  return parsed.success ? { events: [parsed.event] } : { issues: parsed.issues }
}
