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
const NAME = /\b(?:[Mm]y name is|[Nn]ame's|[Tt]his is|I'm|I am)\s([A-Z][a-z'’-]{1,30}(?:\s[A-Z][a-z'’-]{1,30}){0,3})\b/u
const USERNAME = /\b(?:user ?name|login|handle|account id)\s?(?:is|:)?\s?@?([A-Za-z0-9._-]{3,40})\b/iu
const NOT_NAMES = new Set(['the', 'and', 'not', 'yes', 'no', 'ok', 'okay', 'thanks', 'hi', 'hello', 'sure', 'great'])

/** What an agent's words ask for, so a bare answer such as "Crystal Minh" can be read. */
function asks(text: string): Set<string> {
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
  const facts: StatedFact[] = []
  const seen = new Set<string>()
  const add = (kind: string, value: string, eventId: string) => {
    const key = `${kind}:${value.toLowerCase()}`
    if (seen.has(key)) return
    seen.add(key)
    facts.push({ kind, value, eventId })
  }
  let asked = new Set<string>()
  let lastWasAgent = false
  for (const event of events) {
    const text = event.content?.text?.slice(0, options.maxTextLength ?? 5_000)
    if (event.actor.role === 'agent' || event.actor.role === 'bot') {
      if (text) asked = lastWasAgent ? new Set([...asked, ...asks(text)]) : asks(text)
      lastWasAgent = true
      continue
    }
    if (event.actor.role !== 'customer' || event.direction !== 'inbound') continue
    lastWasAgent = false
    if (typeof event.traits.name === 'string' && event.traits.name.trim()) add('name', event.traits.name.trim(), event.id)
    if (!text) continue
    let rest = text
    for (const email of text.match(EMAIL) ?? []) {
      add('email', email.toLowerCase(), event.id)
      rest = rest.replace(email, ' ')
    }
    for (const ref of extractReferences(options.matcher, rest, event.id)) {
      add(ref.kind, ref.value, event.id)
      rest = rest.replace(new RegExp(ref.value.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'), 'iu'), ' ')
    }
    const username = USERNAME.exec(rest)?.[1]
    if (username) add('username', username, event.id)
    const name = NAME.exec(rest)?.[1]
    if (name && !NOT_NAMES.has(name.toLowerCase())) add('name', name, event.id)
    // The phone parser is the costly step: only run it where seven digits could make a number.
    const phones = /\d(?:[\s().-]?\d){6}/u.test(rest) ? findPhoneNumbersInText(rest, options.defaultRegion ?? 'US') : []
    for (const found of phones) {
      const raw = rest.slice(found.startsAt, found.endsAt)
      // Ten bare digits are as likely an order number as a phone unless a phone was asked for.
      if (/[\s().+-]/u.test(raw) || asked.has('phone')) add('phone', found.number.number, event.id)
    }
    answer(rest.trim(), asked, event.id, add, options.defaultRegion ?? 'US')
  }
  return facts
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
