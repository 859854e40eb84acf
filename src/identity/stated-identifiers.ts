import { type Identifier, type NormalizeOptions, normalizeEmail, normalizePhone } from '../events/index.js'

/** Longest text scanned, so that one enormous message cannot stall ingest. */
export const MAX_SCANNED_TEXT = 20_000

/*
 * "my email is", "my new phone number is", "you can reach me at", "contact me on", followed by
 * an address or a number. Every quantifier is bounded and no quantified group contains another
 * quantifier, so matching stays linear in the text length (no catastrophic backtracking).
 */
const STATED =
  /\b(?:my\s{1,3}(?:new\s{1,3}|personal\s{1,3}|work\s{1,3})?(?:e-?mail(?:\s{1,3}address)?|phone(?:\s{1,3}number)?|mobile(?:\s{1,3}number)?|cell(?:\s{1,3}number)?|number)\s{1,3}is|(?:you\s{1,3}can\s{1,3})?(?:reach|contact|text)\s{1,3}me\s{1,3}(?:at|on|via))\s{0,3}:?\s{0,3}(?:([^\s@,;:<>()"']{1,64}@[^\s@,;:<>()"']{1,253})|(\+?\(?\d[\d\s().-]{5,22}\d))/giu

/**
 * Emails and phone numbers a customer writes about themselves ("my email is ann@example.com",
 * "you can reach me at 415 555 0100"), as identifiers of grade `stated`: evidence weaker than
 * a channel-delivered identifier. Only first-person phrases count; a bare address in a
 * signature or a quoted reply is not a statement about the sender.
 * @param text the message text (subject and body)
 * @returns canonical identifiers, first occurrence first, without repeats
 * @example extractStatedIdentifiers('You can reach me at ann@example.com.') // [{ kind: 'email', value: 'ann@example.com', grade: 'stated' }]
 */
export function extractStatedIdentifiers(text: string, options: NormalizeOptions = {}): Identifier[] {
  const found = new Map<string, Identifier>()
  for (const match of text.slice(0, MAX_SCANNED_TEXT).matchAll(STATED)) {
    const [, rawEmail, rawPhone] = match
    const email = rawEmail ? normalizeEmail(rawEmail.replace(/[.!?]+$/u, ''), options) : undefined
    const phone = rawPhone ? normalizePhone(rawPhone, options) : undefined
    if (email) found.set(`email:${email}`, { kind: 'email', value: email, grade: 'stated' })
    if (phone) found.set(`phone:${phone}`, { kind: 'phone', value: phone, grade: 'stated' })
  }
  return [...found.values()]
}
