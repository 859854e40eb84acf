#!/usr/bin/env node
import { type CommandIo, runDedupe } from './commands/dedupe.js'

/** A subcommand: its one-line description and its runner. */
interface Command {
  readonly summary: string
  readonly run: (argv: readonly string[], io: CommandIo) => Promise<number>
}

// Add a command by adding a row; nothing else in this file needs to change.
const COMMANDS: Readonly<Record<string, Command>> = {
  dedupe: { summary: 'find records of the same person in a CSV file', run: runDedupe },
}

function help(): string {
  const rows = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  return `usage: throughline <command> [options]\n\ncommands:\n${rows.join('\n')}\n\nRun "throughline <command> --help" for a command's options.\n`
}

/**
 * Dispatches `argv` (without node and script) to a command.
 * @returns the exit code: 0 ok, 2 usage problem
 * @example await main(['dedupe', 'people.csv', '--id-column', 'id', '--out', 'out.csv'], io)
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

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/gu, '/').split('/').pop() ?? '\u0000')) {
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
