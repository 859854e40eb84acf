import { IDENTIFIER_KINDS, type IdentifierKind } from '../events/index.js'
import type { Lookup } from '../engine/index.js'

/** A lookup read from the command line, or why it could not be read. */
export type LookupArgResult = { readonly success: true; readonly lookup: Lookup } | { readonly success: false; readonly message: string }

// A phone typed by hand: digits with the usual separators, optionally an international `+`.
const PHONE_SHAPE = /^\+?[\d\s().-]{6,}$/u

/**
 * Reads a lookup as typed: `kind:value` for any identifier kind (`email:ann@example.com`,
 * `phone:+14155550100`, `x:123`, `crm:hubspot:1001`, whose value keeps its own colons), an
 * event id (`evt_…`), a profile id (`prf_…`), or a bare email or phone guessed by its shape.
 * Values are not normalized here; the engine does that with the channel context.
 * @returns `{ success, lookup }`, or `{ success: false, message }` naming what was expected
 * @example parseLookupArg('crm:hubspot:1001') // { success: true, lookup: { crm: 'hubspot:1001' } }
 */
export function parseLookupArg(text: string): LookupArgResult {
  const value = text.trim()
  if (value === '') return { success: false, message: 'the lookup is empty' }
  if (value.startsWith('evt_')) return { success: true, lookup: { eventId: value } }
  if (value.startsWith('prf_')) return { success: true, lookup: { profileId: value } }
  const colon = value.indexOf(':')
  if (colon > 0) {
    const kind = value.slice(0, colon).toLowerCase()
    if ((IDENTIFIER_KINDS as readonly string[]).includes(kind)) {
      const rest = value.slice(colon + 1).trim()
      if (rest === '') return { success: false, message: `"${text}" names the kind ${kind} but no value` }
      return { success: true, lookup: { [kind as IdentifierKind]: rest } as Lookup }
    }
  }
  if (/^[^@\s]+@[^@\s]+$/u.test(value)) return { success: true, lookup: { email: value } }
  if (PHONE_SHAPE.test(value)) return { success: true, lookup: { phone: value } }
  return {
    success: false,
    message: `cannot tell what "${text}" is: write KIND:VALUE (${IDENTIFIER_KINDS.join(', ')}), evt_…, prf_…, an email or a phone number`,
  }
}
