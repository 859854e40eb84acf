/**
 * Stable error codes. Callers branch on `code`, never on message text.
 * - `invalid_event`: a canonical event failed validation.
 * - `invalid_payload`: a provider payload failed its adapter's schema.
 * - `unknown_format`: `adapt` was given a format id it does not know.
 * - `invalid_lookup`: a lookup named no usable identifier.
 * - `invalid_options`: options passed to a factory or call were malformed.
 * - `not_found`: the lookup named nothing that is stored.
 * - `suppressed`: the event carries an identifier of an erased person.
 * - `conflict`: the operation contradicts a recorded decision.
 * - `store_failure`: the store could not complete the operation.
 */
export const ERROR_CODES = [
  'invalid_event',
  'invalid_payload',
  'unknown_format',
  'invalid_lookup',
  'invalid_options',
  'not_found',
  'suppressed',
  'conflict',
  'store_failure',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** One problem with an input, located by its path inside that input. */
export interface Issue {
  readonly code: ErrorCode
  readonly path: readonly (string | number)[]
  readonly message: string
}

/**
 * The one error class throughline throws. Check with {@link ThroughlineError.is}, which
 * compares `code` rather than the prototype, so it also works when two copies are loaded.
 */
export class ThroughlineError extends Error {
  override readonly name = 'ThroughlineError'
  readonly code: ErrorCode
  readonly component: string
  readonly issues: readonly Issue[]

  constructor(
    code: ErrorCode,
    component: string,
    message: string,
    options: { issues?: readonly Issue[]; cause?: unknown } = {},
  ) {
    super(`[throughline] [${component}] ${message}`, { cause: options.cause })
    this.code = code
    this.component = component
    this.issues = options.issues ?? []
  }

  /** The path of the first issue, for callers that report one location. */
  get path(): readonly (string | number)[] {
    return this.issues[0]?.path ?? []
  }

  static is(error: unknown): error is ThroughlineError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as { name?: unknown }).name === 'ThroughlineError' &&
      ERROR_CODES.includes((error as { code?: unknown }).code as ErrorCode)
    )
  }
}

/** Turns zod issues into throughline issues under one code, keeping each path. */
export function issuesFromZod(
  code: ErrorCode,
  zodIssues: readonly { path: readonly PropertyKey[]; message: string }[],
  prefix: readonly (string | number)[] = [],
): Issue[] {
  return zodIssues.map((issue) => ({
    code,
    path: [...prefix, ...issue.path.map((part) => (typeof part === 'number' ? part : String(part)))],
    message: issue.message,
  }))
}
