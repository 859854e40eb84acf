import type { z } from 'zod'
import { type Issue, ThroughlineError } from '../errors.js'
import type { CustomerEventInput } from '../events/index.js'
import type { ChannelContext } from './channel-context.js'

/** What an adapter made of one payload: events, or a reason it made none. */
export interface AdapterOutput {
  readonly events: readonly CustomerEventInput[]
  /** Why a valid payload (or part of it) produced no event: a `read` watermark, an activity message. */
  readonly skipped?: string
}

/**
 * One provider format: its raw-payload schema and the mapping to canonical events.
 * Adapters are pure: the same payload and context always give the same events.
 * `toEvents` is synchronous except where the provider format needs an asynchronous parser
 * (`email.rfc5322`, through postal-mime); such adapters return a Promise and are listed in
 * `ASYNC_FORMATS`, so `adapt` of any other format stays synchronous.
 */
export interface ChannelAdapter<Schema extends z.ZodType = z.ZodType, Output extends AdapterOutput | Promise<AdapterOutput> = AdapterOutput | Promise<AdapterOutput>> {
  /** The format id callers pass to `adapt`, e.g. `twilio.voice.status`. */
  readonly format: string
  /** The provider payload as the provider documents it. */
  readonly schema: Schema
  /**
   * Maps a payload that passed `schema`. May throw {@link payloadError} for a problem the schema
   * cannot see (a header inside a raw email); anything else thrown is reported at `payload`.
   */
  readonly toEvents: (payload: z.output<Schema>, context: ChannelContext) => Output
}

/** Declares an adapter with its payload type inferred from its schema. */
export function defineAdapter<Schema extends z.ZodType, Output extends AdapterOutput | Promise<AdapterOutput>>(
  adapter: ChannelAdapter<Schema, Output>,
): ChannelAdapter<Schema, Output> {
  return adapter
}

/**
 * The error an adapter throws for a payload problem found while mapping, located by its path
 * inside the payload (without the leading `payload`, which `safeAdapt` adds).
 * @example throw payloadError(['headers', 'Message-ID'], 'an email without Message-ID cannot be deduplicated')
 */
export function payloadError(path: readonly (string | number)[], message: string): ThroughlineError {
  const issue: Issue = { code: 'invalid_payload', path: [...path], message }
  return new ThroughlineError('invalid_payload', 'channels', `${path.join('.')}: ${message}`, { issues: [issue] })
}
