import { z } from 'zod'
import type { CustomerEvent } from '../events/index.js'

/** What a matcher concluded about a pair: join them, ask a person, or leave them apart. */
export const MATCH_DECISIONS = ['merge', 'review', 'none'] as const
export type MatchDecision = (typeof MATCH_DECISIONS)[number]

/** One comparison that moved the score: which field, what was found, and by how much. */
export interface MatchEvidence {
  /** A trait or identifier name: `familyName`, `birthDate`, `email`. */
  readonly field: string
  /** The comparison level found: `exact`, `jaro-winkler>0.92`, `different`, `missing`. */
  readonly outcome: string
  /** The match weight this comparison added (log2 Bayes factor in a Fellegi-Sunter model). */
  readonly weight: number
}

export interface MatchResult {
  readonly score: number
  readonly decision: MatchDecision
  readonly evidence: readonly MatchEvidence[]
}

/**
 * The integration point for probabilistic matching. The engine asks `candidateKeys` of every
 * new or revised event with traits, indexes them as `block:<key>`, and calls `score` once for
 * each unlinked pair sharing a block (earlier event first). A `merge` decision is stored as a
 * `same` link of origin `match` (an edge weaker than any identifier, still subject to limits
 * and cannot-links); a `review` decision is stored as a suggestion for a person to accept or
 * reject. Both must be pure functions of the events and the matcher's (trained, versioned)
 * model, so that the result does not depend on arrival order.
 * @example
 * const matcher: Matcher = {
 *   id: 'fs-v3',
 *   candidateKeys: (e) => (typeof e.traits.familyName === 'string' ? [`fam:${e.traits.familyName.toLowerCase()}`] : []),
 *   score: (a, b) => ({ score: 0, decision: 'none', evidence: [] }),
 * }
 */
export interface Matcher {
  /** Names the matcher and its model version in links and suggestions. */
  readonly id: string
  /** Blocking keys: events sharing one are compared. Return `[]` to leave an event out. */
  candidateKeys(event: CustomerEvent): readonly string[]
  score(a: CustomerEvent, b: CustomerEvent): MatchResult
  /** Blocks larger than this are not compared (reported by `explain`). Default 200. */
  readonly maxBlockSize?: number
}

/** Structural check of a {@link Matcher} passed in options. */
export const MatcherSchema = z.custom<Matcher>(
  (m) =>
    typeof m === 'object' &&
    m !== null &&
    typeof (m as Matcher).id === 'string' &&
    typeof (m as Matcher).candidateKeys === 'function' &&
    typeof (m as Matcher).score === 'function',
  'expected a Matcher: { id, candidateKeys(event), score(a, b) }',
)
