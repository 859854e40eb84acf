import type { CountryCode } from 'libphonenumber-js'
import { z } from 'zod'
import { ThroughlineError, issuesFromZod } from '../errors.js'
import { type BusinessCalendar, BusinessCalendarSchema, createBusinessCalendar } from './business-calendar.js'
import { compileReferencePatterns, DEFAULT_REFERENCE_PATTERNS, type ReferenceMatcher, ReferencePatternSchema } from './reference-patterns.js'
import { DEFAULT_SLA_POLICIES, PRIORITIES, type Priority, type SlaPolicy, SlaPolicySchema } from './sla-policy.js'

const Instant = z.union([z.iso.datetime({ offset: true }), z.date(), z.number().finite()]).transform((value, ctx) => {
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value)
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'not a valid time' })
    return z.NEVER
  }
  return date
})

/** Options of every case computation. Only `asOf` is required: time is always a parameter. */
export const CaseOptionsSchema = z.object({
  /** The moment the cases, clocks and commitments are evaluated at. */
  asOf: Instant,
  /** A contact within this many days of a case's last activity joins (or reopens) it. Default 7. */
  reopenDays: z.number().min(0).max(365).default(7),
  /** Replaces the default reference patterns (order, invoice, ticket, account). */
  referencePatterns: z.array(ReferencePatternSchema).max(50).optional(),
  /** Added to the default (or given) reference patterns. */
  extraReferencePatterns: z.array(ReferencePatternSchema).max(50).default([]),
  calendar: BusinessCalendarSchema.optional(),
  slaPolicies: z.array(SlaPolicySchema).max(200).optional(),
  /** Priority when no event of the case sets `data.priority`. Default `normal`. */
  priority: z.enum(PRIORITIES).default('normal'),
  /** How `12/03` in a promise reads. Default month/day. */
  dateOrder: z.enum(['mdy', 'dmy']).default('mdy'),
  /** Word-set Jaccard for a repeated message. Default 0.6. */
  repeatThreshold: z.number().min(0.1).max(1).default(0.6),
  atRiskRatio: z.number().min(0).max(1).default(0.75),
  /** Characters of each message searched by patterns. Default 20,000. */
  maxTextLength: z.number().int().min(100).max(1_000_000).default(20_000),
  /** Region for phone numbers customers write without a country code. Default `US`. */
  defaultRegion: z.string().length(2).toUpperCase().default('US'),
})
export type CaseOptions = z.input<typeof CaseOptionsSchema>

/** Options resolved once per call: compiled patterns and calendar. */
export interface CaseContext {
  readonly asOf: Date
  readonly reopenWindowMs: number
  readonly matcher: ReferenceMatcher
  readonly calendar: BusinessCalendar
  readonly policies: readonly SlaPolicy[]
  readonly priority: Priority
  readonly dateOrder: 'mdy' | 'dmy'
  readonly repeatThreshold: number
  readonly atRiskRatio: number
  readonly maxTextLength: number
  readonly defaultRegion: CountryCode
}

/**
 * Validates case options and compiles what they describe.
 * @throws ThroughlineError `invalid_options` naming the path and the reason (an unsafe pattern, a bad time zone, ...)
 * @example resolveCaseOptions({ asOf: '2026-11-20T12:00:00Z', reopenDays: 14 })
 */
export function resolveCaseOptions(options: CaseOptions): CaseContext {
  const parsed = CaseOptionsSchema.safeParse(options)
  if (!parsed.success) {
    throw new ThroughlineError('invalid_options', 'cases', `invalid case options: ${parsed.error.issues[0]?.message ?? ''}`, {
      issues: issuesFromZod('invalid_options', parsed.error.issues),
    })
  }
  const o = parsed.data
  return {
    asOf: o.asOf,
    reopenWindowMs: o.reopenDays * 86_400_000,
    matcher: compileReferencePatterns([...(o.referencePatterns ?? DEFAULT_REFERENCE_PATTERNS), ...o.extraReferencePatterns], o.maxTextLength),
    calendar: createBusinessCalendar(o.calendar ?? {}),
    policies: o.slaPolicies ?? DEFAULT_SLA_POLICIES,
    priority: o.priority,
    dateOrder: o.dateOrder,
    repeatThreshold: o.repeatThreshold,
    atRiskRatio: o.atRiskRatio,
    maxTextLength: o.maxTextLength,
    defaultRegion: o.defaultRegion as CountryCode,
  }
}
