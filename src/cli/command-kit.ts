import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { type ChannelContextInput, createChannelContext } from '../channels/index.js'
import { createEngine, type Engine, type Lookup } from '../engine/index.js'
import { ThroughlineError } from '../errors.js'
import type { Profile } from '../profile/index.js'
import { type CommandIo, CliError, EXIT } from './command-io.js'
import { parseLookupArg } from './lookup-arg.js'
import { type OpenedState, openState, plain, stateOptionsFrom } from './state.js'

/** Store meta key under which `ingest` remembers its channel context, so reads normalize lookups the same way. */
export const CONTEXT_META_KEY = 'cli:context'

type OptionSpec = { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: boolean }

/** Options every engine command takes. */
export const COMMON_OPTIONS = {
  state: { type: 'string' },
  pg: { type: 'string' },
  context: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, OptionSpec>

export const COMMON_USAGE = `  --state FILE        state between runs, a memory-store snapshot (default ./throughline-state.json)
  --pg URL            keep state in PostgreSQL instead (needs the "pg" package)
  --context FILE      channel context JSON (own numbers, emails, default region); default: the one ingest stored
  --json              machine-readable output on stdout
  -h, --help          this help`

/** Parsed arguments: option values by name and the positionals. */
export interface CommandArgs {
  readonly values: Readonly<Record<string, string | boolean | undefined>>
  readonly positionals: readonly string[]
}

/**
 * Parses a command's arguments strictly: an unknown option or a missing value is a usage error.
 * @throws CliError 2 naming the option
 */
export function parseCommandArgs(argv: readonly string[], extra: Readonly<Record<string, OptionSpec>> = {}): CommandArgs {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { ...COMMON_OPTIONS, ...extra } })
    return { values: values as Record<string, string | boolean | undefined>, positionals }
  } catch (error) {
    throw new CliError(2, (error as Error).message.replace(/\. To specify a positional argument.*$/su, ''), { showUsage: true })
  }
}

/** A string option's value, when given. */
export const stringOption = (args: CommandArgs, name: string): string | undefined => {
  const value = args.values[name]
  return typeof value === 'string' ? value : undefined
}

/**
 * Runs a command body and turns what it throws into a message and an exit code: `CliError`
 * carries its own; a throughline validation error is bad input (2) with its field path; any
 * other failure is a runtime failure (1).
 * @returns the exit code
 */
export async function runCommand(name: string, usage: string, argv: readonly string[], io: CommandIo, body: () => Promise<number>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${usage}\n`)
    return EXIT.ok
  }
  try {
    return await body()
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`throughline ${name}: ${error.message}\n${error.showUsage ? `\n${usage}\n` : ''}`)
      return error.exitCode
    }
    if (ThroughlineError.is(error)) {
      const bad = ['invalid_lookup', 'invalid_options', 'invalid_event', 'invalid_payload', 'unknown_format'].includes(error.code)
      const issues = error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`).join('; ')
      io.stderr.write(`throughline ${name}: ${plain(error.message)}${issues ? ` (${issues})` : ''}\n`)
      return bad ? EXIT.usage : EXIT.failure
    }
    io.stderr.write(`throughline ${name}: ${(error as Error).message ?? String(error)}\n`)
    return EXIT.failure
  }
}

/**
 * Reads a channel context file.
 * @throws CliError 2 naming the file, and the field path when the context is invalid
 */
export async function readContextFile(path: string): Promise<ChannelContextInput> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new CliError(2, `cannot read --context ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  let input: ChannelContextInput
  try {
    input = JSON.parse(text) as ChannelContextInput
  } catch (error) {
    throw new CliError(2, `${path} is not JSON: ${(error as Error).message}`)
  }
  try {
    createChannelContext(input)
  } catch (error) {
    if (!ThroughlineError.is(error)) throw error
    const issue = error.issues[0]
    throw new CliError(2, `${path} is not a valid channel context${issue ? ` at ${issue.path.join('.') || '(root)'}: ${issue.message}` : `: ${plain(error.message)}`}`)
  }
  return input
}

/** An engine over the state a command names, with the state to save and close. */
export interface EngineSession {
  readonly engine: Engine
  readonly state: OpenedState
}

/**
 * Opens the state named by `--state`/`--pg`, builds an engine over it with the context from
 * `--context` (or the one `ingest` stored), runs `work`, saves when `mutating`, and closes.
 */
export async function withEngine<T>(args: CommandArgs, options: { readonly mutating: boolean }, work: (session: EngineSession) => Promise<T>): Promise<T> {
  const stateOptions = stateOptionsFrom({ state: stringOption(args, 'state'), pg: stringOption(args, 'pg') })
  const contextPath = stringOption(args, 'context')
  const fileContext = contextPath === undefined ? undefined : await readContextFile(contextPath)
  const state = await openState(stateOptions, { create: options.mutating })
  try {
    const context = fileContext ?? ((await state.store.getMeta(CONTEXT_META_KEY)) as ChannelContextInput | undefined)
    const engine = createEngine({ store: state.store, ...(context === undefined ? {} : { context }) })
    const result = await work({ engine, state })
    if (options.mutating) await state.save()
    return result
  } finally {
    await state.close()
  }
}

/**
 * Reads the one LOOKUP positional.
 * @throws CliError 2 when it is missing, repeated or of no known shape
 */
export function lookupArg(args: CommandArgs): { readonly text: string; readonly lookup: Lookup } {
  if (args.positionals.length !== 1) {
    throw new CliError(2, args.positionals.length === 0 ? 'missing LOOKUP' : `expected one LOOKUP, got ${args.positionals.length}: ${args.positionals.join(' ')}`, { showUsage: true })
  }
  const text = args.positionals[0] as string
  const parsed = parseLookupArg(text)
  if (!parsed.success) throw new CliError(2, parsed.message, { showUsage: true })
  return { text, lookup: parsed.lookup }
}

/** The error for a lookup that names nobody in the state. */
export const notFound = (text: string, state: OpenedState): CliError => new CliError(1, `no profile matches "${text}" in ${state.label}`)

/** A read-only session over the person the LOOKUP positional names. */
export interface ProfileSession extends EngineSession {
  readonly lookup: Lookup
  readonly profile: Profile
}

/**
 * Reads LOOKUP, opens the state read-only and runs `work` with the person's profile, so that
 * every lookup command answers "not found" the same way (exit 1) before doing anything else.
 * @throws CliError 2 for a bad LOOKUP, 1 when no profile matches
 */
export async function withProfile<T>(args: CommandArgs, work: (session: ProfileSession) => Promise<T>): Promise<T> {
  const { text, lookup } = lookupArg(args)
  return withEngine(args, { mutating: false }, async (session) => {
    const profile = await session.engine.profile(lookup)
    if (!profile) throw notFound(text, session.state)
    return work({ ...session, lookup, profile })
  })
}
