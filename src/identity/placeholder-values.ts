import type { Identifier } from '../events/index.js'

/**
 * Values that systems write when they know nothing: never evidence that two events are one
 * person. The list follows what CDPs refuse in practice (PostHog's refused distinct ids among them).
 */
export const PLACEHOLDER_VALUES: readonly string[] = [
  '',
  'null',
  'undefined',
  'none',
  'nil',
  'n/a',
  'na',
  'unknown',
  'anonymous',
  'guest',
  'test',
  '0',
  '-1',
  '[object object]',
  'nan',
  'true',
  'false',
  // PostHog refuses these as distinct ids: SDKs and templates send them for unknown users.
  'distinct_id',
  'distinctid',
  'id',
  'not_authenticated',
  'email',
  'user',
  'anonymous_id',
  '00000000-0000-0000-0000-000000000000',
  'undefined undefined',
  'none@none.com',
  'test@test.com',
  'example@example.com',
  'email@example.com',
  'noemail@noemail.com',
]

/** Mailboxes that no person reads: automated senders. */
const AUTOMATED_LOCAL_PARTS =
  /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|no[-_.]?reply[-_.][\w-]{1,64}|mailer-daemon|postmaster|bounces?(?:[+-][\w.-]{1,64})?|notifications?|no[-_.]?email|none)$/u

/** Options for what counts as a placeholder beyond the built-in list. */
export interface PlaceholderOptions {
  /** Extra values refused for every kind, compared case-insensitively. */
  readonly values?: readonly string[]
  /** Extra patterns tested against `kind:value` (e.g. `/^email:.*@example\.invalid$/`). */
  readonly patterns?: readonly RegExp[]
}

/**
 * Whether an identifier is a placeholder: a refused value, an automated mailbox, or a phone
 * number made of one repeated digit (`+10000000000`, `+15555555555`).
 * @example isPlaceholder({ kind: 'email', value: 'noreply@shop.example', grade: 'channel' }) // true
 */
export function isPlaceholder(identifier: Pick<Identifier, 'kind' | 'value'>, options: PlaceholderOptions = {}): boolean {
  const value = identifier.value.trim().toLowerCase()
  if (PLACEHOLDER_VALUES.includes(value) || options.values?.some((v) => v.toLowerCase() === value)) return true
  if (identifier.kind === 'email' && AUTOMATED_LOCAL_PARTS.test(value.slice(0, value.lastIndexOf('@')))) return true
  if (identifier.kind === 'phone') {
    const digits = value.replace(/\D/gu, '')
    // The national number (country code aside) of one repeated digit is a filler, not a line.
    const national = digits.slice(-9)
    if (/^(\d)\1+$/u.test(national) || /^0+$/u.test(digits)) return true
    // Keyboard runs typed into required phone fields.
    if (national === '123456789' || national === '234567890' || national === '987654321') return true
  }
  const key = `${identifier.kind}:${identifier.value}`
  return options.patterns?.some((pattern) => pattern.test(key)) ?? false
}
