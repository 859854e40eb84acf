import { describe, expect, it } from 'vitest'
import { buildCases, compileReferencePatterns, DEFAULT_REFERENCE_PATTERNS, extractReferences } from '../../src/cases/index.js'
import { unsafePatternReason } from '../../src/identity/index.js'
import { ThroughlineError } from '../../src/errors.js'

const matcher = compileReferencePatterns(DEFAULT_REFERENCE_PATTERNS as { kind: string; pattern: string }[])
const refs = (text: string) => extractReferences(matcher, text, 'evt_1').map((r) => `${r.kind}:${r.value}`)

describe('reference patterns', () => {
  it('finds order, invoice, ticket and account numbers in the usual spellings', () => {
    expect(refs('Re: order #A-1001 arrived broken')).toEqual(['order:A-1001'])
    expect(refs('my ORD-123456 never came')).toEqual(['order:ORD-123456'])
    expect(refs('see invoice INV-2024-0042 please')).toEqual(['invoice:INV-2024-0042'])
    expect(refs('about ticket #4521')).toEqual(['ticket:4521'])
    expect(refs('Order ID: 3348917502')).toEqual(['order:3348917502'])
    expect(refs('account no. AC-88812')).toEqual(['account:AC-88812'])
  })

  it('does not read ordinary words as references', () => {
    expect(refs('I want to order more and my account has been charged')).toEqual([])
  })

  it('passes every default pattern through its own safety check', () => {
    for (const p of DEFAULT_REFERENCE_PATTERNS) expect(unsafePatternReason(p.pattern)).toBeUndefined()
  })

  it('refuses patterns that can backtrack catastrophically, naming the path', () => {
    expect(unsafePatternReason('(a+)+$')).toMatch(/nested repetition/u)
    expect(unsafePatternReason('(x|xy)*z')).toMatch(/nested repetition/u)
    expect(unsafePatternReason('(\\w)\\1')).toMatch(/back-references/u)
    try {
      buildCases([], { asOf: '2026-11-20T12:00:00Z', extraReferencePatterns: [{ kind: 'order', pattern: '(\\d+)*X' }] })
      expect.unreachable()
    } catch (error) {
      expect(ThroughlineError.is(error) && error.code).toBe('invalid_options')
      expect((error as ThroughlineError).path).toEqual(['extraReferencePatterns', 0, 'pattern'])
    }
  })

  it('finishes fast on a pathological message', () => {
    const evil = `order ${' '.repeat(50_000)}${'1'.repeat(50_000)}! ticket${' #'.repeat(20_000)} ${'A-'.repeat(20_000)}`
    const started = performance.now()
    refs(evil)
    // Generous bound: a catastrophic pattern would take minutes here, not milliseconds.
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})
