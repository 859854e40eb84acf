import { compareEvents, type Actor, type ConsentSignal, type CustomerEvent, type CustomerEventInput, stableHash } from '../events/index.js'

/** The source system of events recorded through the engine's API. */
export const API_SOURCE_SYSTEM = 'throughline.api'

export interface ActionEventArgs {
  /** `data.action`: `consent`, `do_not_contact`, `preferred_channel`. */
  readonly action: string
  /** An event of the person, so identity keeps the action in their profile. */
  readonly about: string
  readonly occurredAt: string
  readonly consent?: readonly ConsentSignal[]
  readonly data?: Readonly<Record<string, unknown>>
  readonly actor?: Actor
  /** Where the decision was captured (`preference-center`, `agent-desktop`), kept in `data.source`. */
  readonly source?: string
}

/**
 * The canonical `action` event for a change made through the API. Its source id is a hash of
 * everything it says, so a retried call at the same clock time is a duplicate, not a second change.
 * @example actionEvent({ action: 'do_not_contact', about: 'evt_1', occurredAt, data: { value: true } })
 */
export function actionEvent(args: ActionEventArgs): CustomerEventInput {
  const data = { action: args.action, ...args.data, ...(args.source === undefined ? {} : { source: args.source }) }
  const actor: Actor = args.actor ?? { role: 'system' }
  const id = stableHash(JSON.stringify([args.about, args.occurredAt, args.consent ?? [], data, actor]))
  return {
    type: 'action',
    occurredAt: args.occurredAt,
    channel: 'system',
    direction: 'internal',
    actor,
    ...(args.consent === undefined ? {} : { consent: [...args.consent] }),
    about: args.about,
    source: { system: API_SOURCE_SYSTEM, id: `${args.action}:${id}` },
    data,
  }
}

/**
 * The event an API action about a person hangs from: their earliest contact, else their earliest
 * event. If an unmerge later moves that event to another profile, the action follows it.
 * @example anchorEvent(await store.getEvents(profile.eventIds))?.id
 */
export function anchorEvent(events: readonly CustomerEvent[]): CustomerEvent | undefined {
  const ordered = [...events].sort(compareEvents)
  return ordered.find((e) => e.type !== 'action') ?? ordered[0]
}
