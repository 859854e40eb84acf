import cliProgress from 'cli-progress'
import type { Profile } from '../../profile/index.js'
import { type CommandIo, CliError } from '../command-io.js'
import { COMMON_USAGE, parseCommandArgs, runCommand, stringOption, withEngine } from '../command-kit.js'

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const EXPORT_USAGE = `usage: throughline export [--format ndjson|csv] [--state FILE | --pg URL] [--json]

Writes every profile to stdout, one row each: id, name, identifiers, channels and counts.
  --format ndjson|csv one JSON object per line (default), or CSV with a header row
${COMMON_USAGE.replace(/\n {2}--context[^\n]*/u, '')}
  With --json the rows are one JSON array.
Exit codes: 0 done (also when there are no profiles), 1 no state or failure, 2 usage.`

/** One exported profile. */
export interface ExportRow {
  readonly id: string
  readonly name: string | null
  /** `kind:value`, strongest grade first as in the profile. */
  readonly identifiers: readonly string[]
  readonly channels: readonly string[]
  readonly eventCount: number
  readonly identifierCount: number
  readonly firstSeenAt: string
  readonly lastSeenAt: string
}

const CSV_HEADER = 'id,name,identifiers,channels,event_count,identifier_count,first_seen_at,last_seen_at'
/** Profiles read per store call, so a large store is streamed rather than held at once. */
const PAGE = 500

/**
 * `throughline export`: every profile as NDJSON (default), CSV, or a JSON array (`--json`).
 * In CSV, identifiers and channels are joined by spaces, which no identifier value contains.
 * @param argv arguments after `export`
 * @returns the exit code: 0 done, 1 no state or failure, 2 usage
 * @example await runExport(['--format', 'csv'], io)
 */
export async function runExport(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand('export', EXPORT_USAGE, argv, io, async () => {
    const args = parseCommandArgs(argv, { format: { type: 'string' } })
    if (args.positionals.length > 0) throw new CliError(2, `export takes no positional arguments, got ${args.positionals.join(' ')}`, { showUsage: true })
    const formatText = stringOption(args, 'format') ?? 'ndjson'
    if (!(EXPORT_FORMATS as readonly string[]).includes(formatText)) {
      throw new CliError(2, `--format "${formatText}" is not one of ${EXPORT_FORMATS.join(', ')}`, { showUsage: true })
    }
    const format = formatText as ExportFormat
    const json = args.values.json === true
    if (json && stringOption(args, 'format') === 'csv') throw new CliError(2, '--json and --format csv exclude each other', { showUsage: true })
    return withEngine(args, { mutating: false }, async ({ engine }) => {
      const store = engine.store
      // Every event belongs to one profile, so events covered measure progress without a count of profiles.
      const bar = io.isTTY && !json ? new cliProgress.SingleBar({ stream: io.stderr, format: 'export [{bar}] {percentage}% | {profiles} profiles', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined
      bar?.start(await store.countEvents(), 0, { profiles: 0 })
      if (format === 'csv') io.stdout.write(`${CSV_HEADER}\n`)
      if (json) io.stdout.write('[')
      let after: string | undefined
      let profiles = 0
      let events = 0
      for (;;) {
        const page = await store.listProfiles({ ...(after === undefined ? {} : { after }), limit: PAGE })
        for (const record of page) {
          const row = exportRow(record.snapshot as Profile)
          if (json) await write(io, `${profiles > 0 ? ',' : ''}\n${JSON.stringify(row)}`)
          else await write(io, format === 'csv' ? csvRow(row) : `${JSON.stringify(row)}\n`)
          profiles += 1
          events += record.eventIds.length
        }
        bar?.update(events, { profiles })
        const last = page.at(-1)
        if (last === undefined || page.length < PAGE) break
        after = last.id
      }
      if (json) io.stdout.write(profiles > 0 ? '\n]\n' : ']\n')
      bar?.stop()
      return 0
    })
  })
}

/** Writes and, when the reader is slower than the store, waits for it rather than buffer the whole export. */
async function write(io: CommandIo, text: string): Promise<void> {
  if (!io.stdout.write(text)) await new Promise((resolve) => io.stdout.once('drain', resolve))
}

/** The export row of one profile document. */
export function exportRow(profile: Profile): ExportRow {
  const name = profile.traits.name?.value
  return {
    id: profile.id,
    name: name === undefined ? null : String(name),
    identifiers: profile.identifiers.map((identifier) => `${identifier.kind}:${identifier.value}`),
    channels: profile.channels,
    eventCount: profile.eventCount,
    identifierCount: profile.identifiers.length,
    firstSeenAt: profile.firstSeenAt,
    lastSeenAt: profile.lastSeenAt,
  }
}

function csvRow(row: ExportRow): string {
  const cells = [row.id, row.name ?? '', row.identifiers.join(' '), row.channels.join(' '), String(row.eventCount), String(row.identifierCount), row.firstSeenAt, row.lastSeenAt]
  return `${cells.map(csvCell).join(',')}\n`
}

// Quotes cells that need it, and defuses a leading = + - @ so spreadsheet apps do not run it as a formula.
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value
  return /[",\n\r]/u.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe
}
