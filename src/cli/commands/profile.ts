import type { Profile } from '../../profile/index.js'
import type { CommandIo } from '../command-io.js'
import { COMMON_USAGE, parseCommandArgs, runCommand, withProfile } from '../command-kit.js'

export const PROFILE_USAGE = `usage: throughline profile LOOKUP [--state FILE | --pg URL] [--context FILE] [--json]

Prints the person's unified profile: identifiers, traits with their sources, channels, consent.
LOOKUP is email:ann@example.com, phone:+14155550100, x:123, crm:hubspot:1001, evt_…, prf_…,
or a bare email or phone number.
${COMMON_USAGE}
Exit codes: 0 found, 1 no profile matches, 2 usage or bad input.`

/**
 * `throughline profile LOOKUP`: the person's profile, as text or (`--json`) the profile document.
 * @param argv arguments after `profile`
 * @returns the exit code: 0 found, 1 not found or failure, 2 usage or bad input
 * @example await runProfile(['email:ann@example.com', '--json'], io)
 */
export async function runProfile(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand('profile', PROFILE_USAGE, argv, io, async () => {
    const args = parseCommandArgs(argv)
    return withProfile(args, async ({ profile }) => {
      io.stdout.write(args.values.json ? `${JSON.stringify(profile)}\n` : formatProfile(profile))
      return 0
    })
  })
}

/** The profile as a few aligned lines for a terminal. */
export function formatProfile(profile: Profile): string {
  const name = profile.traits.name?.value
  const lines = [`${profile.id}${name === undefined ? '' : `  ${String(name)}`}`]
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(12)} ${value}`)
  for (const id of profile.identifiers) row('identifier', `${id.kind}:${id.value} (${id.grade}, ${id.events} event${id.events === 1 ? '' : 's'})`)
  for (const [key, trait] of Object.entries(profile.traits)) row('trait', `${key} = ${String(trait.value)} (${trait.rule}, from ${trait.source})`)
  row('channels', profile.channels.join(', ') || '-')
  row('events', `${profile.eventCount}, ${profile.firstSeenAt} .. ${profile.lastSeenAt}`)
  if (profile.preferredChannel) row('preferred', `${profile.preferredChannel.channel} (${profile.preferredChannel.basis})`)
  if (profile.doNotContact) row('contact', 'do not contact')
  return `${lines.join('\n')}\n`
}
