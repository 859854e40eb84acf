import { z } from 'zod'
import type { Channel, EventType } from '../events/index.js'

/**
 * How one field's value is chosen when events disagree:
 * - `mostRecent`: the latest value given, even an empty one (a later blank clears the field).
 * - `neverEmpty`: the latest non-empty value, so a blank form field never erases a known one.
 * - `firstSeen`: the earliest non-empty value.
 * - `mostFrequent`: the non-empty value given most often; ties go to the one given last.
 * - `sourcePriority`: the value from the best-ranked source in `sources`, then `then` among those.
 */
export const SURVIVORSHIP_RULES = ['mostRecent', 'neverEmpty', 'firstSeen', 'mostFrequent', 'sourcePriority'] as const
export type SurvivorshipRuleName = (typeof SURVIVORSHIP_RULES)[number]

const SimpleRuleSchema = z.enum(['mostRecent', 'neverEmpty', 'firstSeen', 'mostFrequent'])
export type SimpleRule = z.output<typeof SimpleRuleSchema>

/**
 * One field's rule: a simple rule name, or a source priority list. A source entry matches an
 * event when it equals its `source.system` or a dotted prefix of it (`twilio` matches
 * `twilio.voice`), or is `type:<eventType>` (`type:record`) or `channel:<channel>`.
 */
export const FieldRuleSchema = z.union([
  SimpleRuleSchema,
  z.strictObject({
    rule: z.literal('sourcePriority'),
    sources: z.array(z.string().min(1).max(128)).min(1).max(64),
    /** How to choose among values of the best-ranked source, and among unlisted sources. Default `neverEmpty`. */
    then: SimpleRuleSchema.optional(),
  }),
])
export type FieldRule = z.output<typeof FieldRuleSchema>

export const SurvivorshipOptionsSchema = z.strictObject({
  /** Rules per trait name, merged over {@link DEFAULT_SURVIVORSHIP}. */
  fields: z.record(z.string().min(1).max(128), FieldRuleSchema).optional(),
  /** The rule for traits with no rule of their own. Default `neverEmpty`. */
  default: FieldRuleSchema.optional(),
})
export type SurvivorshipOptions = z.input<typeof SurvivorshipOptionsSchema>

const COMPANY_RECORDS: FieldRule = { rule: 'sourcePriority', sources: ['type:record', 'channel:crm'], then: 'neverEmpty' }

/**
 * Default rules for the well-known traits. Names come from the company's records first, since
 * a chat "Hi, it's Bob" is weaker than the CRM row; a birth date is the value given most often,
 * so one typo does not win; addresses follow the latest non-empty value because people move,
 * except `address2`, which a later blank clears (a move to a house has no flat number).
 */
export const DEFAULT_SURVIVORSHIP: Readonly<Record<string, FieldRule>> = Object.freeze<Record<string, FieldRule>>({
  name: COMPANY_RECORDS,
  givenName: COMPANY_RECORDS,
  familyName: COMPANY_RECORDS,
  birthDate: 'mostFrequent',
  nationalId: { rule: 'sourcePriority', sources: ['type:record', 'channel:crm'], then: 'mostFrequent' },
  street: 'neverEmpty',
  streetNumber: 'neverEmpty',
  address2: 'mostRecent',
  city: 'neverEmpty',
  postcode: 'neverEmpty',
  state: 'neverEmpty',
  country: 'neverEmpty',
  company: 'neverEmpty',
  // The handle a person first used is the one they are known by; later ones are often throwaways.
  username: 'firstSeen',
  // The language of most contacts, not of one message written for a relative.
  language: 'mostFrequent',
})

/** One value of one trait, as one event gave it. `value` is `null` when the event gave it empty. */
export interface TraitObservation {
  readonly value: string | number | boolean | null
  readonly eventId: string
  readonly source: string
  readonly type: EventType
  readonly channel: Channel
  readonly at: string
}

/** The surviving value and the observation it came from. */
export interface Survivor {
  readonly observation: TraitObservation & { readonly value: string | number | boolean }
  readonly rule: SurvivorshipRuleName
}

/**
 * The rule that applies to a trait: the caller's, else the default for that trait, else the caller's default.
 * @example ruleFor('birthDate') // 'mostFrequent'
 */
export function ruleFor(name: string, options: SurvivorshipOptions = {}): FieldRule {
  return options.fields?.[name] ?? DEFAULT_SURVIVORSHIP[name] ?? options.default ?? 'neverEmpty'
}

function matchesSource(entry: string, o: TraitObservation): boolean {
  return entry === o.source || o.source.startsWith(`${entry}.`) || entry === `type:${o.type}` || entry === `channel:${o.channel}`
}

type Filled = TraitObservation & { readonly value: string | number | boolean }
const filled = (o: TraitObservation): o is Filled => o.value !== null

function simple(rule: SimpleRule, observations: readonly TraitObservation[]): Filled | undefined {
  switch (rule) {
    case 'mostRecent': {
      const last = observations.at(-1)
      return last && filled(last) ? last : undefined
    }
    case 'neverEmpty':
      return observations.filter(filled).at(-1)
    case 'firstSeen':
      return observations.find(filled)
    case 'mostFrequent': {
      // Observations are in time order, so the last one seen of each value is its latest.
      const counts = new Map<string, { count: number; latest: Filled; order: number }>()
      observations.filter(filled).forEach((o, order) => {
        const key = JSON.stringify(o.value)
        counts.set(key, { count: (counts.get(key)?.count ?? 0) + 1, latest: o, order })
      })
      return [...counts.values()].sort((a, b) => b.count - a.count || b.order - a.order)[0]?.latest
    }
  }
}

/**
 * Chooses one trait's value from its observations.
 * @param observations every value events gave for the trait, in time order (then event id)
 * @returns the survivor, or `undefined` when no rule yields a non-empty value
 * @example
 * surviveTrait([{ value: 'Bob', source: 'chatwoot', type: 'message', ... }, { value: 'Robert Lee', source: 'hubspot', type: 'record', ... }], 'name')
 * // the CRM's "Robert Lee", rule 'sourcePriority'
 */
export function surviveTrait(observations: readonly TraitObservation[], rule: FieldRule): Survivor | undefined {
  if (typeof rule === 'string') {
    const observation = simple(rule, observations)
    return observation && { observation, rule }
  }
  const then = rule.then ?? 'neverEmpty'
  for (const entry of rule.sources) {
    const ranked = observations.filter((o) => matchesSource(entry, o))
    const observation = simple(then, ranked)
    if (observation) return { observation, rule: 'sourcePriority' }
  }
  const observation = simple(then, observations)
  return observation && { observation, rule: then }
}
