import { type CustomerEvent, normalizeIdentifierValue } from '../events/index.js'
import { globalPattern } from './safe-pattern.js'

/*
 * "order #A-1001", "invoice no. INV-2041", "booking ref: BK-88231", "ORD-123456". Bounded
 * quantifiers only, no nested repetition: linear time whatever the message holds.
 */
export const DEFAULT_IDENTITY_REFERENCE_PATTERNS: readonly RegExp[] = [
  /\b(?:order|invoice|booking|account|reservation|reference|ref)(?:\s{1,3}(?:no\.?|number|num|id))?\s{0,3}[#:\s]\s{0,3}([A-Z]{1,5}-?\d{3,12})\b/giu,
  /\b(?:order|invoice|booking|account|reservation|ref)\s{0,3}#\s{0,3}(\d{4,12})\b/giu,
  /\b((?:ORD|INV|BKG|BK|ACC|RES)-\d{4,12})\b/giu,
]

/**
 * Record fields that hold a customer's references: traits, `data` fields, or CSV columns kept
 * in `data.columns`, compared case-insensitively without spaces or punctuation.
 */
export const DEFAULT_REFERENCE_TRAITS: readonly string[] = [
  'orderIds',
  'orderId',
  'orders',
  'orderNumber',
  'orderNumbers',
  'reference',
  'references',
  'invoiceId',
  'invoiceIds',
  'invoiceNumber',
  'accountNumber',
  'bookingId',
  'bookingIds',
  'bookingReference',
]

const MAX_SCANNED_TEXT = 20_000

/**
 * Business references quoted in text, normalized (`a-1001` → `A-1001`).
 * @param patterns each match's first capture group (or the whole match) is the reference
 * @example extractReferences('Where is my order #A-1001?') // ['A-1001']
 */
export function extractReferences(text: string, patterns: readonly RegExp[] = DEFAULT_IDENTITY_REFERENCE_PATTERNS): string[] {
  const found = new Set<string>()
  const scanned = text.slice(0, MAX_SCANNED_TEXT)
  for (const pattern of patterns) {
    for (const match of scanned.matchAll(globalPattern(pattern))) {
      const value = normalizeIdentifierValue('reference', match[1] ?? match[0])
      if (value) found.add(value)
    }
  }
  return [...found]
}

/**
 * References a company record holds in its traits, data or CSV columns: `orderIds: "A-1001, A-1002"`,
 * `data.orderIds: ['A-1001']`, `data.columns['Order IDs']`.
 * @example recordReferences(csvRowEvent) // ['A-1001', 'A-1002']
 */
export function recordReferences(event: CustomerEvent, traits: readonly string[] = DEFAULT_REFERENCE_TRAITS): string[] {
  const found = new Set<string>()
  const take = (raw: unknown) => {
    if (typeof raw === 'number') raw = String(raw)
    if (typeof raw !== 'string') return
    for (const part of raw.split(/[\s,;|]+/u)) {
      const value = part ? normalizeIdentifierValue('reference', part) : undefined
      if (value) found.add(value)
    }
  }
  const wanted = new Set(traits.map(fieldKey))
  const columns = event.data?.columns
  const sources: Record<string, unknown>[] = [event.traits, event.data ?? {}]
  if (typeof columns === 'object' && columns !== null && !Array.isArray(columns)) sources.push(columns as Record<string, unknown>)
  for (const source of sources) {
    for (const [name, raw] of Object.entries(source)) {
      if (!wanted.has(fieldKey(name))) continue
      if (Array.isArray(raw)) raw.forEach(take)
      else take(raw)
    }
  }
  return [...found]
}

/** `Order IDs`, `order_ids` and `orderIds` name one field. */
function fieldKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/gu, '')
}
