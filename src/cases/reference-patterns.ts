import { z } from 'zod'
import { unsafePatternReason } from '../identity/index.js'

/** A business reference found in a message: an order, invoice, ticket or account number. */
export interface BusinessReference {
  /** `order`, `invoice`, `ticket`, `account`, or a kind the caller configured. */
  readonly kind: string
  /** Upper-cased, without a leading `#`: `A-1001`, `INV-2024-0042`. */
  readonly value: string
  readonly eventId: string
}

/** A configurable pattern: capture group 1 (or the whole match) is the reference value. */
export const ReferencePatternSchema = z
  .object({
    kind: z.string().min(1).max(64).regex(/^[a-z][a-z0-9_-]*$/u, 'expected a lower-case kind such as order'),
    pattern: z.string().min(1).max(500),
    /** Only `i` and `u`; `g` is always added. */
    flags: z.string().regex(/^[iu]{0,2}$/u, 'only the i and u flags are allowed').default('iu'),
  })
  .superRefine((value, ctx) => {
    const problem = unsafePatternReason(value.pattern)
    if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem })
  })
export type ReferencePatternInput = z.input<typeof ReferencePatternSchema>

// Each pattern has one literal anchor and no two adjacent quantifiers over the same characters,
// so a failing match is linear in the text: see `unsafePatternReason` and the pathological test.
const SEP = String.raw`(?:\s*[:#]\s*|\s+)#?`
/** Defaults: `order #A-1001`, `ORD-123456`, `invoice INV-2024-0042`, `ticket #4521`, `account no. AC-88812`. */
export const DEFAULT_REFERENCE_PATTERNS: readonly ReferencePatternInput[] = [
  { kind: 'order', pattern: String.raw`\border(?:\s+(?:id|number|no\.?|num))?${SEP}([A-Z]{1,4}-?\d{3,12}|\d{5,14})\b` },
  { kind: 'order', pattern: String.raw`\b(ORD-?\d{4,12})\b` },
  { kind: 'invoice', pattern: String.raw`\binvoice(?:\s+(?:number|no\.?|num))?${SEP}([A-Z]{2,4}-\d{4}-\d{2,8}|[A-Z]{0,4}-?\d{3,12})\b` },
  { kind: 'invoice', pattern: String.raw`\b(INV-\d{4}-\d{2,8}|INV-?\d{3,12})\b` },
  { kind: 'ticket', pattern: String.raw`\b(?:ticket|case)(?:\s+(?:number|no\.?|id))?${SEP}(\d{3,10}|[A-Z]{1,5}-\d{1,10})\b` },
  { kind: 'account', pattern: String.raw`\baccount(?:\s+(?:number|no\.?|id))?${SEP}([A-Z]{0,6}-?\d[A-Z0-9-]{2,18})\b` },
]

/** A compiled pattern set, ready to run. */
export interface ReferenceMatcher {
  readonly patterns: readonly { readonly kind: string; readonly regex: RegExp }[]
  /** Text past this many characters is not searched. */
  readonly maxTextLength: number
}

/** Compiles validated patterns. Callers validate through the case options schema first. */
const compiled = new Map<string, ReferenceMatcher>()
const found = new WeakMap<ReferenceMatcher, Map<string, readonly { kind: string; value: string }[]>>()

export function compileReferencePatterns(patterns: readonly { kind: string; pattern: string; flags?: string | undefined }[], maxTextLength = 20_000): ReferenceMatcher {
  // The same pattern set compiles to the same matcher, so its per-text results can be reused.
  const key = JSON.stringify([patterns.map((p) => [p.kind, p.pattern, p.flags ?? 'iu']), maxTextLength])
  const known = compiled.get(key)
  if (known) return known
  const matcher = compile(patterns, maxTextLength)
  if (compiled.size >= 100) compiled.clear()
  compiled.set(key, matcher)
  return matcher
}

function compile(patterns: readonly { kind: string; pattern: string; flags?: string | undefined }[], maxTextLength: number): ReferenceMatcher {
  return {
    patterns: patterns.map((p) => ({ kind: p.kind, regex: new RegExp(p.pattern, `g${p.flags ?? 'iu'}`) })),
    maxTextLength,
  }
}

/**
 * The business references a text mentions, deduplicated, in pattern order then position.
 * Only the first `maxTextLength` characters are searched, so cost is bounded per message.
 * @example extractReferences(matcher, 'Re: order #A-1001', 'evt_1') // [{ kind: 'order', value: 'A-1001', eventId: 'evt_1' }]
 */
export function extractReferences(matcher: ReferenceMatcher, text: string, eventId: string): BusinessReference[] {
  let cache = found.get(matcher)
  if (!cache) found.set(matcher, (cache = new Map()))
  let refs = cache.get(text)
  if (!refs) {
    refs = search(matcher, text)
    if (cache.size >= 20_000) cache.clear()
    cache.set(text, refs)
  }
  return refs.map((r) => ({ ...r, eventId }))
}

function search(matcher: ReferenceMatcher, text: string): { kind: string; value: string }[] {
  const bounded = text.length > matcher.maxTextLength ? text.slice(0, matcher.maxTextLength) : text
  const seen = new Set<string>()
  const hits: { kind: string; value: string }[] = []
  for (const { kind, regex } of matcher.patterns) {
    regex.lastIndex = 0
    for (const match of bounded.matchAll(regex)) {
      const value = (match[1] ?? match[0]).replace(/^#/u, '').toUpperCase()
      const key = `${kind}:${value}`
      if (value.length === 0 || seen.has(key)) continue
      seen.add(key)
      hits.push({ kind, value })
    }
  }
  return hits
}

/** The key two references share when they name the same thing. */
export function referenceKey(reference: Pick<BusinessReference, 'kind' | 'value'>): string {
  return `${reference.kind}:${reference.value}`
}
