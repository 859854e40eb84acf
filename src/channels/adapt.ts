import { type Issue, issuesFromZod, ThroughlineError } from '../errors.js'
import { compiledSchema, type CustomerEvent, parseEvent } from '../events/index.js'
import type { AdapterOutput, ChannelAdapter } from './channel-adapter.js'
import type { ChannelContext } from './channel-context.js'
import { ADAPTERS, ASYNC_FORMATS, type AsyncFormat, type SyncFormat } from './registry.js'

export type AdaptResult =
  | { readonly success: true; readonly events: readonly CustomerEvent[]; readonly skipped?: string }
  | { readonly success: false; readonly issues: readonly Issue[] }

/** The adapter for a format id, if throughline has one. */
export function adapterFor(format: string): ChannelAdapter | undefined {
  return ADAPTERS.get(format)
}

/**
 * Like {@link adapt}, but returns problems instead of throwing. Used by batch ingest, which
 * reports each rejected payload and carries on with the rest. Synchronous for every format but
 * those in `ASYNC_FORMATS` (`email.rfc5322`), which resolve to the same result; for a format
 * only known at run time, `await` the result (awaiting a plain value is harmless) or use
 * {@link safeAdaptAsync}.
 */
export function safeAdapt(format: SyncFormat, payload: unknown, context: ChannelContext): AdaptResult
export function safeAdapt(format: AsyncFormat, payload: unknown, context: ChannelContext): Promise<AdaptResult>
export function safeAdapt(format: string, payload: unknown, context: ChannelContext): AdaptResult | Promise<AdaptResult>
export function safeAdapt(format: string, payload: unknown, context: ChannelContext): AdaptResult | Promise<AdaptResult> {
  const result = run(format, payload, context)
  // An asynchronous format answers with a Promise even when it fails before parsing, so callers can rely on its type.
  return ASYNC_FORMAT_SET.has(format) && !isPromise(result) ? Promise.resolve(result) : result
}

const ASYNC_FORMAT_SET: ReadonlySet<string> = new Set(ASYNC_FORMATS)

function run(format: string, payload: unknown, context: ChannelContext): AdaptResult | Promise<AdaptResult> {
  const adapter = ADAPTERS.get(format)
  if (!adapter) {
    return { success: false, issues: [{ code: 'unknown_format', path: ['format'], message: `unknown format "${format}"` }] }
  }
  let parsed: ReturnType<ChannelAdapter['schema']['safeParse']>
  try {
    parsed = payloadSchema(adapter).safeParse(payload)
  } catch (cause) {
    // A payload whose getters throw, or a Proxy: still the caller's data problem, not a crash.
    return failure(cause)
  }
  if (!parsed.success) return { success: false, issues: issuesFromZod('invalid_payload', flattenUnions(parsed.error.issues), ['payload']) }
  let output: AdapterOutput | Promise<AdapterOutput>
  try {
    output = adapter.toEvents(parsed.data, context)
  } catch (cause) {
    return failure(cause)
  }
  return isPromise(output) ? output.then((resolved) => finish(resolved, context), failure) : finish(output, context)
}

const PAYLOAD_SCHEMAS = new WeakMap<ChannelAdapter, () => ChannelAdapter['schema']>()

/** The adapter's payload schema with zod's compiled fast path: the same answers, sooner. */
function payloadSchema(adapter: ChannelAdapter): ChannelAdapter['schema'] {
  let schema = PAYLOAD_SCHEMAS.get(adapter)
  if (!schema) {
    schema = compiledSchema(adapter.schema)
    PAYLOAD_SCHEMAS.set(adapter, schema)
  }
  return schema()
}

/** {@link safeAdapt} for any format, always as a Promise: the form batch callers want. */
export async function safeAdaptAsync(format: string, payload: unknown, context: ChannelContext): Promise<AdaptResult> {
  return safeAdapt(format, payload, context)
}

/**
 * Turns one provider payload into canonical events.
 * `email.rfc5322` parses a raw message with postal-mime, which is asynchronous: its result is
 * a Promise and must be awaited. Every other format returns the events directly.
 * @param format a format id such as `email.postal-mime` or `twilio.voice.status` (see {@link FORMATS})
 * @param payload the payload exactly as the provider sends it
 * @param context the company's own identifiers and agents (`engine.context`)
 * @returns the events the payload describes (possibly none, for a status with nothing new)
 * @throws ThroughlineError `unknown_format` or `invalid_payload`, with the path of each problem
 * @example adapt('twilio.voice.status', req.body, engine.context)
 * @example await adapt('email.rfc5322', rawMessage, engine.context)
 */
export function adapt(format: SyncFormat, payload: unknown, context: ChannelContext): CustomerEvent[]
export function adapt(format: AsyncFormat, payload: unknown, context: ChannelContext): Promise<CustomerEvent[]>
export function adapt(format: string, payload: unknown, context: ChannelContext): CustomerEvent[] | Promise<CustomerEvent[]>
export function adapt(format: string, payload: unknown, context: ChannelContext): CustomerEvent[] | Promise<CustomerEvent[]> {
  const result = safeAdapt(format, payload, context)
  return isPromise(result) ? result.then((resolved) => unwrap(format, resolved)) : unwrap(format, result)
}

/** {@link adapt} for any format, always as a Promise. */
export async function adaptAsync(format: string, payload: unknown, context: ChannelContext): Promise<CustomerEvent[]> {
  return unwrap(format, await safeAdapt(format, payload, context))
}

export function describeIssue(issue: Issue | undefined): string {
  if (!issue) return 'invalid input'
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message
}

function unwrap(format: string, result: AdaptResult): CustomerEvent[] {
  if (result.success) return [...result.events]
  const first = result.issues[0]
  throw new ThroughlineError(first?.code ?? 'invalid_payload', 'channels', `${format}: ${describeIssue(first)}`, { issues: result.issues })
}

function finish(output: AdapterOutput, context: ChannelContext): AdaptResult {
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

/** A payload that passed its schema but still cannot be mapped is a payload problem, reported as one. */
function failure(cause: unknown): AdaptResult {
  if (ThroughlineError.is(cause) && cause.issues.length > 0) {
    return { success: false, issues: cause.issues.map((issue) => ({ ...issue, code: 'invalid_payload' as const, path: ['payload', ...issue.path] })) }
  }
  const message = cause instanceof Error ? cause.message : String(cause)
  return { success: false, issues: [{ code: 'invalid_payload', path: ['payload'], message }] }
}

interface ZodIssueLike {
  readonly path: readonly PropertyKey[]
  readonly message: string
  readonly code?: string
  readonly errors?: readonly (readonly ZodIssueLike[])[]
}

/**
 * Replaces a failed union ("one post or an array of posts") by the issues of the branch that
 * got furthest, so the path names the field at fault (`data.1.author_id`), not just `data`.
 */
function flattenUnions(issues: readonly ZodIssueLike[], prefix: readonly PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  const depth = (branch: readonly ZodIssueLike[]) => Math.max(0, ...branch.map((issue) => issue.path.length))
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path]
    if (issue.code === 'invalid_union' && issue.errors) {
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]
      if (best && depth(best) > 0) return flattenUnions(best, path)
    }
    return [{ path, message: issue.message }]
  })
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}
