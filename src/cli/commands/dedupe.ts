import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { ThroughlineError } from '../../errors.js'
import { dedupe, defaultModel, trainModel } from '../../identity/matching/index.js'
import { type ColumnRole, parseColumnRole, readPersonCsv } from '../person-csv.js'

import type { CommandIo } from '../command-io.js'

export type { CommandIo } from '../command-io.js'

export const DEDUPE_USAGE = `usage: throughline dedupe INPUT.csv --id-column NAME --out OUTPUT.csv [--column NAME=ROLE ...] [--untrained] [--json]

Finds records of the same person in a CSV file and writes record_id,profile_id for every row.
  --id-column NAME    column holding each row's unique id (required)
  --out FILE          where to write record_id,profile_id (required)
  --column NAME=ROLE  read column NAME as ROLE (givenName, familyName, name, birthDate,
                      streetNumber, street, address2, city, postcode, state, email, phone,
                      nationalId, ignore); repeatable. Common headers are recognised without it.
  --untrained         score with the default model instead of training one on INPUT by EM
  --json              print the summary as JSON on stdout
Exit codes: 0 done, 2 usage or input problem (the message names it).`

/**
 * `throughline dedupe`: reads a CSV of people, trains a match model on it by EM (unless
 * `--untrained`), deduplicates, and writes one `record_id,profile_id` line per input row.
 * The summary goes to stderr (or stdout as JSON with `--json`), so OUTPUT stays clean.
 * @param argv arguments after `dedupe`
 * @param io output streams and whether stderr is a terminal
 * @returns the exit code: 0 ok, 2 usage or bad input
 * @example await runDedupe(['people.csv', '--id-column', 'id', '--out', 'profiles.csv'], { stdout: process.stdout, stderr: process.stderr, isTTY: true })
 */
export async function runDedupe(argv: readonly string[], io: CommandIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'id-column': { type: 'string' },
        out: { type: 'string' },
        column: { type: 'string', multiple: true },
        untrained: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    return usage(io, (error as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.stdout.write(`${DEDUPE_USAGE}\n`)
    return 0
  }
  if (positionals.length !== 1) return usage(io, positionals.length === 0 ? 'missing INPUT.csv' : `expected one input file, got ${positionals.length}`)
  const idColumn = values['id-column']
  if (idColumn === undefined) return usage(io, 'missing --id-column NAME')
  if (values.out === undefined) return usage(io, 'missing --out OUTPUT.csv')
  const overrides = new Map<string, ColumnRole>()
  for (const spec of values.column ?? []) {
    const eq = spec.lastIndexOf('=')
    const role = eq > 0 ? parseColumnRole(spec.slice(eq + 1)) : undefined
    if (role === undefined) return usage(io, `--column "${spec}" is not NAME=ROLE with a known ROLE`)
    overrides.set(spec.slice(0, eq), role)
  }
  const input = positionals[0] as string
  let text: string
  try {
    text = await readFile(input, 'utf8')
  } catch (error) {
    return fail(io, `cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  let csv
  try {
    csv = readPersonCsv(text, { idColumn, overrides })
  } catch (error) {
    if (ThroughlineError.is(error)) return fail(io, `${input}: ${error.message.replace(/^\[throughline\] \[cli\] /u, '')}`)
    throw error
  }
  if (csv.roles.size === 0) return fail(io, `${input}: no column could be read as a person attribute; name them with --column NAME=ROLE`)
  const model = values.untrained || csv.records.length < 2 ? defaultModel() : trainModel(csv.records)
  const bar = io.isTTY ? new cliProgress.SingleBar({ stream: io.stderr, format: 'scoring blocks [{bar}] {percentage}% {value}/{total}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined
  let started = false
  const result = dedupe(csv.records, {
    model,
    onProgress: (done, total) => {
      if (!bar) return
      if (!started) {
        bar.start(total, 0)
        started = true
      }
      bar.update(done)
    },
  })
  if (started) bar?.stop()
  const lines = ['record_id,profile_id']
  for (const record of csv.records) lines.push(`${csvCell(record.id)},${csvCell(result.assignments.get(record.id) ?? record.id)}`)
  try {
    await writeFile(values.out, `${lines.join('\n')}\n`)
  } catch (error) {
    return fail(io, `cannot write ${values.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  const summary = {
    records: result.stats.records,
    profiles: result.stats.clusters,
    autoMerges: result.stats.merges,
    suggestions: result.stats.reviews,
    refusedMerges: result.stats.refusedMerges,
    oversizedBlocks: result.stats.oversizedBlocks.length,
    model: values.untrained ? 'default' : 'trained on input',
    columns: Object.fromEntries(csv.roles),
  }
  if (values.json) io.stdout.write(`${JSON.stringify(summary)}\n`)
  io.stderr.write(
    `${summary.records} records -> ${summary.profiles} profiles; ${summary.autoMerges} auto-merges, ${summary.suggestions} suggestions for review` +
      (summary.oversizedBlocks > 0 ? `; ${summary.oversizedBlocks} blocks too large to compare` : '') +
      `\n`,
  )
  return 0
}

function usage(io: CommandIo, problem: string): number {
  io.stderr.write(`throughline dedupe: ${problem}\n\n${DEDUPE_USAGE}\n`)
  return 2
}

function fail(io: CommandIo, problem: string): number {
  io.stderr.write(`throughline dedupe: ${problem}\n`)
  return 2
}

function csvCell(value: string): string {
  return /[",\n\r]/u.test(value) ? `"${value.replace(/"/gu, '""')}"` : value
}
