import type { MatchEvidence } from './matcher.js'

export const SUGGESTION_STATUSES = ['open', 'accepted', 'rejected'] as const
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number]

/** A merge a matcher proposed for a person to decide. `a` is the earlier event. */
export interface Suggestion {
  readonly id: string
  readonly a: string
  readonly b: string
  readonly score: number
  readonly evidence: readonly MatchEvidence[]
  /** The matcher (and model version) that proposed it. */
  readonly matcher: string
  readonly status: SuggestionStatus
  readonly createdAt: string
  readonly decidedAt?: string
}
