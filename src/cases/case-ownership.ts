import type { CustomerEvent } from '../events/index.js'
import { caseActionOf } from './case-action.js'

/** A named agent, as ownership and commitments record them. */
export interface AgentName {
  readonly id?: string
  readonly name: string
}

/** One change of owner, and the event that made it. */
export interface OwnershipChange {
  readonly owner: AgentName
  readonly since: string
  /** `assignment`: an explicit assign action; `reply`: the agent replied last. */
  readonly via: 'assignment' | 'reply'
  readonly eventId: string
}

export interface CaseOwnership {
  /** `undefined` when no agent ever replied or was assigned: the brief says "unassigned". */
  readonly owner?: OwnershipChange
  readonly history: readonly OwnershipChange[]
}

/** An agent's display name: the name the channel showed, else their id, never "the team". */
export function agentName(actor: { readonly id?: string | undefined; readonly name?: string | undefined }): AgentName | undefined {
  const name = actor.name ?? actor.id
  return name === undefined ? undefined : { ...(actor.id === undefined ? {} : { id: actor.id }), name }
}

/** Whether an event is a human agent's reply to the customer: a message, a call, or their words in a call transcript. */
export function isAgentReply(event: CustomerEvent): boolean {
  return event.actor.role === 'agent' && event.direction === 'outbound' && (event.type === 'message' || event.type === 'call' || event.type === 'transcript')
}

/**
 * Who owns a case: the latest explicit assignment if there is one, else the agent who
 * replied last. Every change is kept, in time order, with the event that caused it.
 * @param events the case's events in time order
 * @example caseOwnership(events).owner?.owner.name // 'Jane Ortiz'
 */
export function caseOwnership(events: readonly CustomerEvent[]): CaseOwnership {
  const fold = ownershipFold()
  for (const event of events) fold.step(event)
  return fold.result()
}

/** {@link caseOwnership} as a fold over a case's events in time order. */
export interface OwnershipFold {
  step(event: CustomerEvent): void
  /** The current owner, if any. */
  readonly owner: OwnershipChange | undefined
  result(): CaseOwnership
}

export function ownershipFold(): OwnershipFold {
  const history: OwnershipChange[] = []
  let assigned = false
  let current: OwnershipChange | undefined
  const change = (next: OwnershipChange) => {
    if (current && current.owner.name === next.owner.name && current.owner.id === next.owner.id && current.via === next.via) return
    current = next
    history.push(next)
  }
  return {
    get owner() {
      return current
    },
    step(event) {
      const action = caseActionOf(event)
      if (action?.action === 'assign') {
        assigned = true
        change({ owner: { id: action.agent.id, name: action.agent.name }, since: event.occurredAt, via: 'assignment', eventId: event.id })
      } else if (!assigned && isAgentReply(event)) {
        // The same agent replying again changes nothing: skip before building a name.
        const name = event.actor.name ?? event.actor.id
        if (current && current.via === 'reply' && current.owner.name === name && current.owner.id === event.actor.id) return
        const owner = agentName(event.actor)
        if (owner) change({ owner, since: event.occurredAt, via: 'reply', eventId: event.id })
      }
    },
    result() {
      // A copy: the fold may take more events after this result is handed out.
      return current ? { owner: current, history: [...history] } : { history: [...history] }
    },
  }
}
