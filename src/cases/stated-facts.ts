import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import type { CustomerEvent } from '../events/index.js'
import { extractReferences, type ReferenceMatcher } from './reference-patterns.js'

export const FACT_KINDS = ['name', 'email', 'phone', 'username', 'order', 'invoice', 'ticket', 'account'] as const
export type FactKind = (typeof FACT_KINDS)[number] | (string & {})

/** Something the customer told us about themselves, so nobody needs to ask it again. */
export interface StatedFact {
  readonly kind: FactKind
  readonly value: string
  /** The customer message that stated it first. */
  readonly eventId: string
}

export interface StatedFactOptions {
  readonly matcher: ReferenceMatcher
  readonly defaultRegion?: CountryCode
  readonly maxTextLength?: number
}

const EMAIL = /[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,5}\.[a-z]{2,24}\b/giu
// Names are case-sensitive on purpose: "I'm a bronze member" is not a name, "I'm Ann Lee" is.
export const NAME = /\b(?:[Mm]y name is|[Nn]ame's|[Tt]his is|I'm|I am)\s([A-Z][a-z'’-]{1,30}(?:\s[A-Z][a-z'’-]{1,30}){0,3})\b/u
export const USERNAME = /\b(?:user ?name|login|handle|account id)\s?(?:is|:)?\s?@?([A-Za-z0-9._-]{3,40})\b/iu
const NOT_NAMES = new Set(['the', 'and', 'not', 'yes', 'no', 'ok', 'okay', 'thanks', 'hi', 'hello', 'sure', 'great'])

/**
 * Whether a text contains any of these lower-case ASCII words, compared as the `iu` patterns here
 * compare them: a cheap gate before running them. Under `iu` a long s (ſ) matches "s" (it stays
 * itself when lower-cased, unlike the Kelvin sign), so it is read as one.
 */
export function mentionsAny(text: string, words: readonly string[]): boolean {
  let lower = text.toLowerCase()
  if (lower.includes('ſ')) lower = lower.replaceAll('ſ', 's')
  for (const w of words) if (lower.includes(w)) return true
  return false
}

/** A word each pattern in `asks` needs ("user ?name" holds "name"). */
export const ASK_WORDS = ['name', 'mail', 'account id', 'login', 'order ', 'phone', 'number to reach', 'call you on']
export const USERNAME_WORDS = ['user', 'login', 'handle', 'account id']
/** What NAME needs, case-sensitive as NAME is. */
export const NAME_WORDS = ['y name is', "ame's", 'his is', "I'm", 'I am']

/** What an agent's words ask for, so a bare answer such as "Crystal Minh" can be read. */
export function asks(text: string): Set<string> {
  // Most agent messages ask for none of these: skip the patterns then.
  return mentionsAny(text, ASK_WORDS) ? askedByPatterns(text) : new Set<string>()
}

/** `asks` without its gate: every pattern run on the text (exported so tests can hold the gate to it). */
export function askedByPatterns(text: string): Set<string> {
  const wanted = new Set<string>()
  if (/\bname\b/iu.test(text) && !/user ?name/iu.test(text.replace(/full name|your name/giu, ''))) wanted.add('name')
  if (/\bfull name|your name\b/iu.test(text)) wanted.add('name')
  if (/\bemail|e-mail\b/iu.test(text)) wanted.add('email')
  if (/\buser ?name|account id|login\b/iu.test(text)) wanted.add('username')
  if (/\border (?:id|number|#)/iu.test(text)) wanted.add('order')
  if (/\bphone|number to reach|call you on\b/iu.test(text)) wanted.add('phone')
  return wanted
}

/**
 * Facts the customer stated in the case: email addresses, phone numbers, order / invoice /
 * ticket / account references, usernames and names ("my name is …", "this is …"), and bare
 * answers to an agent's question ("may I have your name?" → "Crystal Minh"; "order ID?" →
 * "3348917502"). The first statement of each value is kept, with its event id.
 * @param events in time order
 * @example extractStatedFacts(events, { matcher }).find((f) => f.kind === 'email')?.value // 'cminh730@email.com'
 */
export function extractStatedFacts(events: readonly CustomerEvent[], options: StatedFactOptions): StatedFact[] {
  const fold = statedFactFold(options)
  for (const event of events) fold.step(event)
  return [...fold.facts]
}

/** {@link extractStatedFacts} as a fold over events in time order. */
export interface StatedFactFold {
  step(event: CustomerEvent): void
  /** The facts so far (live: read, do not keep). */
  readonly facts: readonly StatedFact[]
}

export function statedFactFold(options: StatedFactOptions): StatedFactFold {
  const facts: StatedFact[] = []
  const seen = new Set<string>()
  const add = (kind: string, value: string, eventId: string) => {
    const key = `${kind}:${value.toLowerCase()}`
    if (seen.has(key)) return
    seen.add(key)
    facts.push({ kind, value, eventId })
  }
  const max = options.maxTextLength ?? 5_000
  const region = options.defaultRegion ?? 'US'
  let asked: ReadonlySet<string> = NOTHING_ASKED
  let lastWasAgent = false
  return {
    facts,
    step(event) {
      if (event.actor.role === 'agent' || event.actor.role === 'bot') {
        const text = event.content?.text
        if (text) {
          const wants = asksOf(event, text, max)
          asked = lastWasAgent ? new Set([...asked, ...wants]) : wants
        }
        lastWasAgent = true
        return
      }
      if (event.actor.role !== 'customer' || event.direction !== 'inbound') return
      lastWasAgent = false
      const said = statedIn(event, options.matcher, max, region)
      for (const [kind, value, key] of said.facts) {
        if (seen.has(key)) continue
        seen.add(key)
        facts.push({ kind, value, eventId: event.id })
      }
      if (!said.text) return
      for (const phone of said.phones) if (phone.separated || asked.has('phone')) add('phone', phone.number, event.id)
      if (asked.size > 0) for (const [kind, value] of answerOf(said, asked, region)) add(kind, value, event.id)
    },
  }
}

const NOTHING_ASKED: ReadonlySet<string> = new Set()

/** What one customer message states regardless of what was asked, worked out once per stored (immutable) event. */
interface Stated {
  readonly matcher: ReferenceMatcher
  readonly max: number
  readonly region: CountryCode
  readonly text: boolean
  /** Trait name, emails, references, username and name, in the order they are added, with their dedupe key. */
  readonly facts: readonly (readonly [string, string, string])[]
  /** Numbers found; bare digits count only when a phone was asked for. */
  readonly phones: readonly { readonly number: string; readonly separated: boolean }[]
  readonly rest: string
  /** Bare answers by the set of things asked (sorted, joined). */
  readonly answers: Map<string, (readonly [string, string])[]>
}

const stated = new WeakMap<CustomerEvent, Stated>()
const askedBy = new WeakMap<CustomerEvent, { max: number; wants: ReadonlySet<string> }>()

function asksOf(event: CustomerEvent, text: string, max: number): ReadonlySet<string> {
  const known = askedBy.get(event)
  if (known && known.max === max) return known.wants
  const wants = asks(text.slice(0, max))
  askedBy.set(event, { max, wants })
  return wants
}

function statedIn(event: CustomerEvent, matcher: ReferenceMatcher, max: number, region: CountryCode): Stated {
  const known = stated.get(event)
  if (known && known.matcher === matcher && known.max === max && known.region === region) return known
  const facts: [string, string][] = []
  const phones: { number: string; separated: boolean }[] = []
  if (typeof event.traits.name === 'string' && event.traits.name.trim()) facts.push(['name', event.traits.name.trim()])
  const text = event.content?.text?.slice(0, max)
  let rest = text ?? ''
  if (text) {
    for (const email of (text.includes('@') ? text.match(EMAIL) : null) ?? []) {
      facts.push(['email', email.toLowerCase()])
      rest = rest.replace(email, ' ')
    }
    for (const ref of extractReferences(matcher, rest, event.id)) {
      facts.push([ref.kind, ref.value])
      rest = rest.replace(literalPattern(ref.value), ' ')
    }
    const username = mentionsAny(rest, USERNAME_WORDS) ? USERNAME.exec(rest)?.[1] : undefined
    if (username) facts.push(['username', username])
    const name = NAME_WORDS.some((w) => rest.includes(w)) ? NAME.exec(rest)?.[1] : undefined
    if (name && !NOT_NAMES.has(name.toLowerCase())) facts.push(['name', name])
    // The phone parser is the costly step: only run it where seven digits could make a number.
    const found = /\d(?:[\s().-]?\d){6}/u.test(rest) ? findPhoneNumbersInText(rest, region) : []
    for (const f of found) {
      // Ten bare digits are as likely an order number as a phone unless a phone was asked for.
      phones.push({ number: f.number.number, separated: /[\s().+-]/u.test(rest.slice(f.startsAt, f.endsAt)) })
    }
  }
  const keyed = facts.map(([kind, value]) => [kind, value, `${kind}:${value.toLowerCase()}`] as const)
  const entry: Stated = { matcher, max, region, text: Boolean(text), facts: keyed, phones, rest: rest.trim(), answers: new Map() }
  stated.set(event, entry)
  return entry
}

/** A reference value as a case-insensitive literal pattern, compiled once per value (a bounded few). */
function literalPattern(value: string): RegExp {
  let pattern = literals.get(value)
  if (pattern === undefined) {
    if (literals.size >= 2_000) literals.clear()
    pattern = new RegExp(value.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'), 'iu')
    literals.set(value, pattern)
  }
  return pattern
}
const literals = new Map<string, RegExp>()

const askedKeys = new WeakMap<ReadonlySet<string>, string>()

function answerOf(said: Stated, asked: ReadonlySet<string>, region: CountryCode): readonly (readonly [string, string])[] {
  let key = askedKeys.get(asked)
  if (key === undefined) askedKeys.set(asked, (key = [...asked].sort().join(',')))
  const known = said.answers.get(key)
  if (known) return known
  const found: [string, string][] = []
  answer(said.rest, asked, '', (kind, value) => void found.push([kind, value]), region)
  said.answers.set(key, found)
  return found
}

function answer(text: string, asked: ReadonlySet<string>, eventId: string, add: (kind: string, value: string, id: string) => void, region: CountryCode) {
  if (asked.size === 0 || text.length > 60) return
  const bare = text.replace(/[.!]+$/u, '')
  if (asked.has('phone') && /^[+(]?\d[\d\s().-]{5,18}\d$/u.test(bare)) {
    // Asked for a phone, a possible number is an answer even if no carrier has it: the customer said it.
    const phone = parsePhoneNumberFromString(bare, region)
    if (phone?.isPossible()) return add('phone', phone.number, eventId)
  }
  if (asked.has('order') && /^#?\d{6,14}$/u.test(bare)) return add('order', bare.replace('#', ''), eventId)
  if (asked.has('username') && /^(?=.*\d)[A-Za-z][A-Za-z0-9._-]{2,39}$/u.test(bare)) return add('username', bare, eventId)
  const words = bare.split(/\s+/u)
  if (asked.has('name') && words.length >= 2 && words.length <= 4 && words.every((w) => /^\p{L}[\p{L}'’-]{1,30}$/u.test(w) && !NOT_NAMES.has(w.toLowerCase()))) {
    add('name', words.map((w) => (w[0] as string).toUpperCase() + w.slice(1)).join(' '), eventId)
  }
}
