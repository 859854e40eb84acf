import { z } from 'zod'
import { type CustomerEvent, type CustomerEventInput, stableHash } from '../events/index.js'

/** Actions on cases taken through the API, stored as `type: 'action'` events with `data.action`. */
export const CASE_ACTIONS = ['assign', 'commit', 'kept', 'merge', 'split', 'resolve', 'undo'] as const
export type CaseActionName = (typeof CASE_ACTIONS)[number]

const Agent = z.object({ id: z.string().min(1).max(256), name: z.string().min(1).max(256) })
export type AgentRef = z.output<typeof Agent>
export const AgentRefSchema = Agent

/** The `data` of a case action event, one shape per action. */
export const CaseActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), caseId: z.string(), agent: Agent }),
  z.object({
    action: z.literal('commit'),
    caseId: z.string(),
    commitmentId: z.string(),
    what: z.string().min(1).max(1000),
    dueBy: z.iso.datetime({ offset: true }),
    promisedBy: Agent,
    /** How the promise is fulfilled: by a later outbound email, call, any reply, or only by `markKept`. */
    fulfil: z.enum(['email', 'call', 'reply', 'manual']).default('manual'),
  }),
  z.object({ action: z.literal('kept'), commitmentId: z.string() }),
  z.object({ action: z.literal('merge'), caseId: z.string(), otherCaseId: z.string(), otherEventId: z.string() }),
  z.object({ action: z.literal('split'), caseId: z.string(), eventIds: z.array(z.string()).min(1).max(10_000) }),
  z.object({ action: z.literal('resolve'), caseId: z.string() }),
  /** Reverses an earlier action (a merge, a split, an assignment): the target is ignored from then on. */
  z.object({ action: z.literal('undo'), target: z.string() }),
])
export type CaseAction = z.output<typeof CaseActionSchema>

/**
 * The case action an event records, or `undefined` for any other event (including action
 * events from other modules, such as consent changes).
 * @example caseActionOf(event)?.action // 'assign'
 */
export function caseActionOf(event: CustomerEvent): CaseAction | undefined {
  if (event.type !== 'action' || !event.data) return undefined
  // Stored events are immutable: parse each action event once, not once per case computation.
  const known = parsedActions.get(event)
  if (known !== undefined) return known ?? undefined
  const parsed = CaseActionSchema.safeParse(event.data)
  const action = parsed.success ? parsed.data : undefined
  parsedActions.set(event, action ?? null)
  return action
}

const parsedActions = new WeakMap<CustomerEvent, CaseAction | null>()

/**
 * The canonical event recording a case action: `type: 'action'`, channel `system`, direction
 * `internal`, `about` an event of the case (so identity keeps it in the customer's profile and
 * erasure removes it), and a source id derived from the inputs, so a retried call is a duplicate.
 * @example caseActionEvent({ action: 'resolve', caseId }, { about: 'evt_1', at: '2026-11-20T12:00:00.000Z' })
 */
export function caseActionEvent(
  action: CaseAction,
  where: { readonly about: string; readonly at: string; readonly actor?: { readonly role: 'agent' | 'system'; readonly id?: string; readonly name?: string } },
): CustomerEventInput {
  const sourceId = stableHash(JSON.stringify([action, where.about, where.at]))
  return {
    type: 'action',
    occurredAt: where.at,
    channel: 'system',
    direction: 'internal',
    actor: where.actor ?? { role: 'system', id: 'throughline.api' },
    about: where.about,
    source: { system: 'throughline.api', id: `${action.action}:${sourceId}` },
    data: action as unknown as Record<string, unknown>,
  }
}
