import { ThroughlineError, type Issue, issuesFromZod } from '../errors.js'
import { type CustomerEvent, parseEvent } from '../events/index.js'
import type { ChannelAdapter } from './channel-adapter.js'
import type { ChannelContext } from './channel-context.js'
import { ADAPTERS } from './registry.js'

export type AdaptResult =
  | { readonly success: true; readonly events: readonly CustomerEvent[]; readonly skipped?: string }
  | { readonly success: false; readonly issues: readonly Issue[] }

/** The adapter for a format id, if throughline has one. */
export function adapterFor(format: string): ChannelAdapter | undefined {
  return ADAPTERS.get(format)
}

/**
 * Like {@link adapt}, but returns problems instead of throwing. Used by batch ingest, which
 * reports each rejected payload and carries on with the rest.
 */
export function safeAdapt(format: string, payload: unknown, context: ChannelContext): AdaptResult {
  const adapter = ADAPTERS.get(format)
  if (!adapter) {
    return { success: false, issues: [{ code: 'unknown_format', path: ['format'], message: `unknown format "${format}"` }] }
  }
  const parsed = adapter.schema.safeParse(payload)
  if (!parsed.success) return { success: false, issues: issuesFromZod('invalid_payload', parsed.error.issues, ['payload']) }
  let output: ReturnType<ChannelAdapter['toEvents']>
  try {
    output = adapter.toEvents(parsed.data, context)
  } catch (cause) {
    // A payload that passed its schema but still cannot be mapped is a payload problem, reported as one.
    const message = cause instanceof Error ? cause.message : String(cause)
    return { success: false, issues: [{ code: 'invalid_payload', path: ['payload'], message }] }
  }
  const events: CustomerEvent[] = []
  const issues: Issue[] = []
  output.events.forEach((input, index) => {
    const result = parseEvent(input, context.normalize)
    if (result.success) events.push(result.event)
    else issues.push(...result.issues.map((issue) => ({ ...issue, code: 'invalid_payload' as const, path: ['payload', `event ${index}`, ...issue.path] })))
  })
  if (issues.length > 0) return { success: false, issues }
  return { success: true, events, ...(output.skipped ? { skipped: output.skipped } : {}) }
}

/**
 * Turns one provider payload into canonical events.
 * @param format a format id such as `email.postal-mime` or `twilio.voice.status` (see {@link FORMATS})
 * @param payload the payload exactly as the provider sends it
 * @param context the company's own identifiers and agents (`engine.context`)
 * @returns the events the payload describes (possibly none, for a status with nothing new)
 * @throws ThroughlineError `unknown_format` or `invalid_payload`, with the path of each problem
 * @example adapt('twilio.voice.status', req.body, engine.context)
 */
export function adapt(format: string, payload: unknown, context: ChannelContext): CustomerEvent[] {
  const result = safeAdapt(format, payload, context)
  if (result.success) return [...result.events]
  const first = result.issues[0]
  throw new ThroughlineError(first?.code ?? 'invalid_payload', 'channels', `${format}: ${describeIssue(first)}`, { issues: result.issues })
}

export function describeIssue(issue: Issue | undefined): string {
  if (!issue) return 'invalid input'
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message
}
