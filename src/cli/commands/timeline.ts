import type { TimelineEntry } from '../../timeline/index.js'
import type { CommandIo } from '../command-io.js'
import { COMMON_USAGE, parseCommandArgs, runCommand, withProfile } from '../command-kit.js'

export const TIMELINE_USAGE = `usage: throughline timeline LOOKUP [--state FILE | --pg URL] [--context FILE] [--json]

Prints every event of the person, all channels, oldest first (LOOKUP as for "profile").
${COMMON_USAGE}
Exit codes: 0 found, 1 no profile matches, 2 usage or bad input.`

/**
 * `throughline timeline LOOKUP`: the person's events across channels, one line each, or
 * (`--json`) the timeline entries as a JSON array.
 * @param argv arguments after `timeline`
 * @returns the exit code: 0 found, 1 not found or failure, 2 usage or bad input
 * @example await runTimeline(['phone:+14155550100'], io)
 */
export async function runTimeline(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand('timeline', TIMELINE_USAGE, argv, io, async () => {
    const args = parseCommandArgs(argv)
    // An empty timeline and an unknown person look alike; withProfile tells them apart.
    return withProfile(args, async ({ engine, lookup }) => {
      const entries = await engine.timeline(lookup)
      io.stdout.write(args.values.json ? `${JSON.stringify(entries)}\n` : entries.map(formatEntry).join(''))
      return 0
    })
  })
}

const WIDTH = 80

/** One entry as `time  channel  direction  type  who  subject/text`, the text cut to one line. */
export function formatEntry(entry: TimelineEntry): string {
  const body = [entry.subject, entry.text].filter((part) => part !== undefined && part !== '').join(' | ').replace(/\s+/gu, ' ')
  const extra = [entry.status, entry.durationSeconds === undefined ? undefined : `${entry.durationSeconds}s`].filter(Boolean).join(', ')
  const cut = body.length > WIDTH ? `${body.slice(0, WIDTH - 1)}…` : body
  const line = `${entry.occurredAt}  ${entry.channel.padEnd(9)} ${entry.direction.padEnd(8)} ${entry.type.padEnd(8)} ${entry.actor.role.padEnd(8)} ${cut}${extra ? ` [${extra}]` : ''}`
  return `${line.trimEnd()}\n`
}
