#!/usr/bin/env node
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CommandIo } from './command-io.js'
import { runBrief } from './commands/brief.js'
import { runDedupe } from './commands/dedupe.js'
import { runExport } from './commands/export.js'
import { runIngestIntoState } from './commands/ingest-into-state.js'
import { runProfile } from './commands/profile.js'
import { runTimeline } from './commands/timeline.js'

export type { CommandIo } from './command-io.js'

/** A subcommand: its one-line description and its runner. */
interface Command {
  readonly summary: string
  readonly run: (argv: readonly string[], io: CommandIo) => Promise<number>
}

// Add a command by adding a row; nothing else in this file needs to change.
const COMMANDS: Readonly<Record<string, Command>> = {
  ingest: { summary: 'store events from an NDJSON file (adapted by format) into the state', run: runIngestIntoState },
  profile: { summary: "print a person's unified profile", run: runProfile },
  brief: { summary: 'print the handoff brief for a person (text, Markdown or JSON)', run: runBrief },
  timeline: { summary: "print a person's events across every channel, oldest first", run: runTimeline },
  export: { summary: 'write every profile as NDJSON or CSV', run: runExport },
  dedupe: { summary: 'find records of the same person in a CSV file', run: runDedupe },
}

function help(): string {
  const rows = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  return `usage: throughline <command> [options]

commands:
${rows.join('\n')}

State lives in ./throughline-state.json unless --state FILE or --pg URL says otherwise.
Run "throughline <command> --help" for a command's options.
Exit codes: 0 ok, 1 not found or runtime failure, 2 usage or bad input.
`
}

/**
 * Dispatches `argv` (without node and script) to a command.
 * @returns the exit code: 0 ok, 1 not found or runtime failure, 2 usage or bad input
 * @example await main(['profile', 'email:ann@example.com', '--json'], { stdout: process.stdout, stderr: process.stderr, isTTY: false })
 */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help())
    return name === undefined ? 2 : 0
  }
  const command = COMMANDS[name]
  if (!command) {
    io.stderr.write(`throughline: unknown command "${name}"\n\n${help()}`)
    return 2
  }
  return command.run(rest, io)
}

/** Whether this module is the program node was started with, also through an npm bin symlink. */
function isEntryPoint(): boolean {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (isEntryPoint()) {
  // `throughline export | head` closes stdout early: that is the reader's choice, not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(process.exitCode ?? 0)
  })
  const io = { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stderr.isTTY) }
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(`throughline: ${(error as Error).stack ?? String(error)}\n`)
      process.exitCode = 1
    },
  )
}
