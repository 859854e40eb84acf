import { z } from 'zod'
import { ThroughlineError, issuesFromZod } from '../errors.js'
import { compareEvents, type CustomerEvent } from '../events/index.js'
import { createBriefState } from './brief-state.js'
import { type BriefProfile, BriefProfileSchema, type HandoffBrief } from './brief-types.js'
import { type CaseContext, type CaseOptions, resolveCaseOptions } from './case-options.js'

export { type BriefItem, type BriefProfile, BriefProfileSchema, type CaseBrief, type HandoffBrief } from './brief-types.js'
export { duration } from './brief-lines.js'

export type BriefInput = CaseOptions & {
  /** One profile's events, in any order. */
  readonly events: readonly CustomerEvent[]
  readonly profile?: BriefProfile | undefined
  /** How many cases the brief details. Default 2, to fit one screen. */
  readonly maxCases?: number
}

const isCanonicalEvent = (e: unknown): e is CustomerEvent =>
  typeof e === 'object' && e !== null && typeof (e as CustomerEvent).id === 'string' && typeof (e as CustomerEvent).occurredAt === 'string' && typeof (e as CustomerEvent).actor === 'object'

function allCanonical(events: unknown): boolean {
  if (!Array.isArray(events)) return false
  // A plain loop, not `every`: a hole in a sparse array is not an event.
  for (let i = 0; i < events.length; i++) if (!isCanonicalEvent(events[i])) return false
  return true
}

const BriefInputSchema = z.object({
  // Events come from the engine, already validated: check their shape cheaply, not field by field.
  events: z.array(z.custom<CustomerEvent>(isCanonicalEvent, 'expected a canonical event (from engine.events or parseEvent)')),
  profile: BriefProfileSchema.optional(),
  maxCases: z.number().int().min(1).max(50).default(2),
})

/**
 * The handoff brief: who the customer is, each open case in their own words, what was done and
 * promised and by whom, who waits on whom and for how long, the clock, repeats and tone, and the
 * last exchanges. Built from events alone (plus an optional profile); every item carries the
 * event ids it was drawn from.
 * @throws ThroughlineError `invalid_options` naming the path and reason
 * @example const brief = buildBrief({ events, asOf: '2026-11-20T12:00:00Z' }); renderBrief(brief, 'text')
 */
export function buildBrief(input: BriefInput): HandoffBrief {
  const options = resolveBriefOptions(input)
  return buildBriefWith(input.events, options)
}

/** {@link buildBrief} with options already resolved: one profile's events, in any order. */
export function buildBriefWith(events: readonly CustomerEvent[], options: BriefOptions): HandoffBrief {
  const { context, profile, maxCases } = options
  const asOf = context.asOf.toISOString()
  const ordered = events.filter((e) => e.occurredAt <= asOf).sort(compareEvents)
  return createBriefState(context, ordered).brief(context.asOf, profile, maxCases)
}

/** A brief call's options, checked and resolved once. */
export interface BriefOptions {
  readonly context: CaseContext
  readonly profile: z.output<typeof BriefProfileSchema> | undefined
  readonly maxCases: number
}

/**
 * Checks a brief input (events included, when given) and resolves its options.
 * @throws ThroughlineError `invalid_options` naming the path and reason
 */
export function resolveBriefOptions(input: Omit<BriefInput, 'events'> & { readonly events?: readonly CustomerEvent[] }): BriefOptions {
  // A thousand events through zod's array check cost more than the brief itself: the events are
  // checked by the same predicate here, and only a failing input goes through the schema whole
  // (so its issues are exactly the schema's).
  const fast = typeof input === 'object' && input !== null && (input.events === undefined || allCanonical(input.events))
  const checked = BriefInputSchema.safeParse(fast ? { ...input, events: [] } : input)
  if (!checked.success) {
    throw new ThroughlineError('invalid_options', 'cases', `invalid brief input: ${checked.error.issues[0]?.message ?? ''}`, {
      issues: issuesFromZod('invalid_options', checked.error.issues),
    })
  }
  const { events: _events, profile: _profile, maxCases: _max, ...options } = input
  return { context: resolveCaseOptions(options as CaseOptions), profile: checked.data.profile, maxCases: checked.data.maxCases }
}
