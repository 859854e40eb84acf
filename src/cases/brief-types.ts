import { z } from 'zod'
import type { ClockStatus } from './response-clock.js'

/** One line of a brief and the events it was drawn from, so every claim can be checked. */
export interface BriefItem {
  readonly text: string
  readonly eventIds: readonly string[]
}

export interface CaseBrief {
  readonly caseId: string
  readonly headline: BriefItem
  readonly issue?: BriefItem
  readonly references: readonly BriefItem[]
  /** The owner's name, or "unassigned" when no agent ever touched the case. */
  readonly owner: BriefItem
  readonly waiting: BriefItem
  readonly clock: BriefItem & { readonly status: ClockStatus }
  readonly contacts: BriefItem
  readonly repeatCount: number
  readonly sentiment: BriefItem & { readonly direction: 'improving' | 'steady' | 'worsening' }
  /** What agents did and said, one line each, latest last. */
  readonly done: readonly BriefItem[]
  /** Commitments not kept: open, overdue and broken, with owner and due time. */
  readonly commitments: readonly (BriefItem & { readonly status: string; readonly owner: string; readonly dueBy: string })[]
  readonly escalation: readonly BriefItem[]
  readonly lastExchanges: readonly BriefItem[]
}

export interface HandoffBrief {
  readonly asOf: string
  readonly timeZone: string
  readonly profileId?: string
  readonly customer: {
    readonly name?: BriefItem
    readonly identifiers: readonly BriefItem[]
    readonly preferredChannel?: BriefItem
    readonly consent: readonly BriefItem[]
    /** What the customer already told us: never ask again. */
    readonly statedFacts: readonly BriefItem[]
  }
  /** The customer's response clock across all cases and channels. */
  readonly clock: BriefItem & { readonly status: ClockStatus }
  /** Open cases first (latest activity first), then the most recent closed one when none is open. */
  readonly cases: readonly CaseBrief[]
  readonly otherCases: number
}

/** The profile as far as the brief needs it; typed loosely so richer profiles fit. */
export const BriefProfileSchema = z.looseObject({
  id: z.string().optional(),
  identifiers: z.array(z.looseObject({ kind: z.string(), value: z.string(), grade: z.string().optional(), eventId: z.string().optional() })).optional(),
  traits: z.record(z.string(), z.unknown()).optional(),
  preferredChannel: z.union([z.string(), z.looseObject({ value: z.string(), eventId: z.string().optional() })]).optional(),
  consent: z.unknown().optional(),
})
export type BriefProfile = z.input<typeof BriefProfileSchema>