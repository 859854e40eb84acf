import type { BriefProfile } from '../../cases/index.js'
import type { Profile } from '../../profile/index.js'
import { type CommandIo, CliError } from '../command-io.js'
import { COMMON_USAGE, notFound, parseCommandArgs, runCommand, stringOption, withProfile } from '../command-kit.js'

export const BRIEF_USAGE = `usage: throughline brief LOOKUP [--as-of ISO] [--markdown] [--state FILE | --pg URL] [--context FILE] [--json]

Prints the handoff brief: who the person is, their open cases, promises made and what they wait on.
  --as-of ISO         the moment the brief is written for (default now), e.g. 2024-05-01T12:00:00Z
  --markdown          render as Markdown instead of plain text
${COMMON_USAGE}
Exit codes: 0 found, 1 no profile matches, 2 usage or bad input.`

// An instant with a date, a time and an offset, as the case options require.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/u

/**
 * `throughline brief LOOKUP`: the handoff brief as text, Markdown (`--markdown`) or the brief
 * data (`--json`).
 * @param argv arguments after `brief`
 * @returns the exit code: 0 found, 1 not found or failure, 2 usage or bad input
 * @example await runBrief(['email:ann@example.com', '--as-of', '2024-05-01T12:00:00Z', '--markdown'], io)
 */
export async function runBrief(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand('brief', BRIEF_USAGE, argv, io, async () => {
    const args = parseCommandArgs(argv, { 'as-of': { type: 'string' }, markdown: { type: 'boolean' } })
    const asOfText = stringOption(args, 'as-of')
    if (asOfText !== undefined && (!ISO_INSTANT.test(asOfText) || Number.isNaN(Date.parse(asOfText)))) {
      throw new CliError(2, `--as-of "${asOfText}" is not an ISO 8601 instant with an offset, e.g. 2024-05-01T12:00:00Z`, { showUsage: true })
    }
    if (args.values.json && args.values.markdown) throw new CliError(2, '--json and --markdown exclude each other', { showUsage: true })
    return withProfile(args, async ({ engine, state, lookup, profile }) => {
      const options = { ...(asOfText === undefined ? {} : { asOf: new Date(asOfText) }), profile: briefProfile(profile) }
      const out = args.values.json
        ? JSON.stringify(await engine.brief(lookup, options))
        : await engine.brief(lookup, { ...options, format: args.values.markdown ? 'markdown' : 'text' })
      if (out === undefined) throw notFound(args.positionals[0] as string, state)
      io.stdout.write(out.endsWith('\n') ? out : `${out}\n`)
      return 0
    })
  })
}

/** The profile in the shape the brief reads; `preferredChannel` is left out when there is none. */
function briefProfile(profile: Profile): BriefProfile {
  const { preferredChannel, ...rest } = profile
  return {
    ...rest,
    identifiers: rest.identifiers.map((identifier) => ({ ...identifier })),
    ...(preferredChannel ? { preferredChannel: { value: preferredChannel.channel, eventId: preferredChannel.eventId } } : {}),
  }
}
