import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import { z } from 'zod'

/**
 * Kinds of customer identifier. Platform-scoped kinds carry their scope in the value:
 * `messenger` is `<pageId>:<psid>`, `instagram` is `<accountId>:<igsid>`, `crm` is
 * `<system>:<id>`, `chatwoot` is `<accountId>:<contactId>`, `whatsapp` is a business-scoped
 * user id (used only when the phone number is absent). `reference` is a business reference
 * (order, invoice, account or booking number) held in records or quoted in a message.
 */
export const IDENTIFIER_KINDS = [
  'email',
  'phone',
  'x',
  'messenger',
  'instagram',
  'whatsapp',
  'chatwoot',
  'client',
  'crm',
  'reference',
] as const
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number]

/**
 * How an identifier reached us, strongest first:
 * - `verified`: the company verified it (login, signed-in widget, confirmed link).
 * - `channel`: the channel delivered it (the From address of an email, the caller number).
 * - `record`: it sits in the company's own records (a CRM export row).
 * - `stated`: the customer wrote it in a message ("my email is ...").
 */
export const IDENTIFIER_GRADES = ['verified', 'channel', 'record', 'stated'] as const
export type IdentifierGrade = (typeof IDENTIFIER_GRADES)[number]

export const IdentifierSchema = z.object({
  kind: z.enum(IDENTIFIER_KINDS),
  value: z.string().min(1).max(512),
  grade: z.enum(IDENTIFIER_GRADES).default('channel'),
})
export type Identifier = z.output<typeof IdentifierSchema>
export type IdentifierInput = z.input<typeof IdentifierSchema>

/** Options that decide how raw identifier text becomes one canonical value. */
export interface NormalizeOptions {
  /** Region for national phone numbers without a country code, ISO 3166 alpha-2. Default `US`. */
  readonly defaultRegion?: CountryCode
  /**
   * Whether `ann+orders@example.com` is `ann@example.com`. Default `true`: most mailbox
   * providers deliver sub-addresses to the base mailbox, so the tag says nothing about who
   * the person is. Set `false` when a domain gives the tag another meaning.
   */
  readonly stripEmailSubaddress?: boolean
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u

/**
 * Canonical email: trimmed, display name and angle brackets removed, Unicode NFC, case-folded,
 * and (by default) the `+tag` sub-address removed.
 * @returns the canonical address, or `undefined` when the text is not an address
 * @example normalizeEmail(' Ann.Lee+Shop@Example.COM ') // 'ann.lee@example.com'
 */
export function normalizeEmail(raw: string, options: NormalizeOptions = {}): string | undefined {
  // The same customers write again and again: remember recent answers, as for phone numbers.
  const memo = options.stripEmailSubaddress ?? true ? EMAIL_MEMO_STRIP : EMAIL_MEMO_KEEP
  const known = memo.get(raw)
  if (known !== undefined || memo.has(raw)) return known
  if (memo.size >= MEMO_LIMIT) memo.clear()
  const value = readEmail(raw, options.stripEmailSubaddress ?? true)
  memo.set(raw, value)
  return value
}

/** Recent answers, one map per value of `stripEmailSubaddress`; cleared when full rather than evicted one by one, to stay cheap. */
const EMAIL_MEMO_STRIP = new Map<string, string | undefined>()
const EMAIL_MEMO_KEEP = new Map<string, string | undefined>()
const MEMO_LIMIT = 100_000

function readEmail(raw: string, stripSubaddress: boolean): string | undefined {
  let text = raw.trim()
  const bracketed = /<([^<>]+)>\s*$/u.exec(text)
  if (bracketed?.[1]) text = bracketed[1].trim()
  text = text.replace(/^mailto:/iu, '').normalize('NFC').toLowerCase()
  if (!EMAIL_SHAPE.test(text)) return undefined
  if (stripSubaddress) {
    const at = text.lastIndexOf('@')
    const local = text.slice(0, at)
    const plus = local.indexOf('+')
    // A local part that is only a tag ("+foo@") keeps its text: stripping would leave nothing.
    if (plus > 0) text = local.slice(0, plus) + text.slice(at)
  }
  return text
}

/**
 * Canonical phone number in E.164, parsed by libphonenumber-js. Numbers without a country code
 * are read in `defaultRegion`. WhatsApp ids (digits without `+`) are accepted as international.
 * @returns `+<digits>`, or `undefined` when the text cannot be a phone number
 * @example normalizePhone('(415) 555-0100') // '+14155550100'
 */
export function normalizePhone(raw: string, options: NormalizeOptions = {}): string | undefined {
  // Parsing with libphonenumber-js is the costliest step of ingest, and the same people call and
  // text from the same few numbers again and again: remember recent answers (a pure function of
  // the text and the region), one map per region so that no key has to be built per call.
  const region = options.defaultRegion ?? 'US'
  return remembered(PHONE_MEMO, region, raw, () => parsePhoneOnce(raw, region, options))
}

/** The answer for `key` in `region`'s memo, computed once until the memo fills and is cleared. */
function remembered(memos: Map<string, Map<string, string | undefined>>, region: string, key: string, compute: () => string | undefined): string | undefined {
  let memo = memos.get(region)
  if (memo === undefined) {
    memo = new Map()
    memos.set(region, memo)
  }
  const known = memo.get(key)
  if (known !== undefined || memo.has(key)) return known
  if (memo.size >= MEMO_LIMIT) memo.clear()
  const value = compute()
  memo.set(key, value)
  return value
}

const PHONE_MEMO = new Map<string, Map<string, string | undefined>>()
/** Answers by the digits of a number written with plain separators, one map per region (see `parsePhoneOnce`). */
const DIGITS_MEMO = new Map<string, Map<string, string | undefined>>()
/** Digits with an optional leading `+`, spaces, dots, hyphens and parentheses: how numbers are usually written. */
const PLAIN_PHONE = /^\+?[0-9 ().-]{3,64}$/u

/**
 * `parsePhone`, once per number however it is written: `(415) 555-0100` and `415.555.0100` are
 * the same digits. libphonenumber-js reads such text by its digits and leading `+` alone (the
 * separators are punctuation it drops), so the answer for one spelling is the answer for all. Only
 * the WhatsApp fallback tells a digits-only text apart, so that is part of the key.
 */
function parsePhoneOnce(raw: string, region: string, options: NormalizeOptions): string | undefined {
  const text = raw.trim().replace(/^tel:/iu, '')
  if (!PLAIN_PHONE.test(text)) return parsePhone(raw, options)
  const digits = text.replace(/\D/gu, '')
  if (digits.length < 3) return parsePhone(raw, options)
  const plus = text.startsWith('+')
  // `+` then digits reads as written; a bare digit run may take the WhatsApp fallback; anything else may not.
  const key = plus ? `+${digits}` : digits.length === text.length ? digits : `-${digits}`
  return remembered(DIGITS_MEMO, region, key, () =>
    plus || digits.length === text.length ? parsePhone(key, options) : parsePhone(digits, options, false),
  )
}

function parsePhone(raw: string, options: NormalizeOptions, whatsappFallback = true): string | undefined {
  const text = raw.trim().replace(/^tel:/iu, '')
  if (!/\d/u.test(text)) return undefined
  const parsed = parsePhoneNumberFromString(text, options.defaultRegion ?? 'US')
  if (parsed?.isPossible()) return parsed.number
  // Digits-only international form, as WhatsApp sends wa_id.
  if (whatsappFallback && /^\d{8,15}$/u.test(text)) {
    const international = parsePhoneNumberFromString(`+${text}`)
    if (international?.isPossible()) return international.number
  }
  return undefined
}

const SCOPED_PART = /^[\w.\-:@]+$/u

/**
 * Canonical value for any identifier kind, or `undefined` when the raw value is not one.
 * @example normalizeIdentifierValue('phone', '415.555.0100') // '+14155550100'
 */
export function normalizeIdentifierValue(
  kind: IdentifierKind,
  raw: string,
  options: NormalizeOptions = {},
): string | undefined {
  switch (kind) {
    case 'email':
      return normalizeEmail(raw, options)
    case 'phone':
      return normalizePhone(raw, options)
    case 'crm':
    case 'messenger':
    case 'instagram':
    case 'chatwoot': {
      // Scoped ids keep their case: platform ids are opaque, CRM ids may be case-sensitive.
      const value = raw.trim().normalize('NFC')
      const [scope, ...rest] = value.split(':')
      return scope && rest.length > 0 && rest.join(':') && SCOPED_PART.test(value) ? value : undefined
    }
    case 'reference': {
      // References are read aloud and retyped: case and spaces carry no meaning, `#` is decoration.
      const value = raw.normalize('NFKC').replace(/[\s#]/gu, '').toUpperCase()
      return /^[A-Z0-9][A-Z0-9\-_/.]{1,63}$/u.test(value) ? value : undefined
    }
    case 'x':
    case 'whatsapp':
    case 'client': {
      const value = raw.trim().normalize('NFC')
      return value && SCOPED_PART.test(value) ? value : undefined
    }
  }
}

/** The string that stands for one identifier in indexes and explanations: `kind:value`. */
export function identifierKey(identifier: { kind: IdentifierKind; value: string }): string {
  return `${identifier.kind}:${identifier.value}`
}

/** Splits an identifier key back into kind and value. */
export function parseIdentifierKey(key: string): { kind: IdentifierKind; value: string } | undefined {
  const colon = key.indexOf(':')
  const kind = key.slice(0, colon) as IdentifierKind
  if (colon < 0 || !IDENTIFIER_KINDS.includes(kind)) return undefined
  return { kind, value: key.slice(colon + 1) }
}
