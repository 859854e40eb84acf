import { compareEvents, type Actor, type Channel, type CustomerEvent, type Direction, type EventType } from '../events/index.js'

/** One line of a person's story. */
export interface TimelineEntry {
  readonly eventId: string
  readonly occurredAt: string
  readonly channel: Channel
  readonly direction: Direction
  readonly type: EventType
  readonly actor: Actor
  readonly subject?: string
  readonly text?: string
  /** The latest provider status: from the event itself or from status events about it. */
  readonly status?: string
  readonly durationSeconds?: number
  readonly threadKey?: string
  readonly caseRef?: string
  readonly source: string
}

/**
 * A person's events as one time-ordered story across channels. Each event appears once (ids
 * are unique in the store); status events fold into the entry they are about instead of
 * standing as lines of their own.
 */
export function buildTimeline(events: readonly CustomerEvent[]): TimelineEntry[] {
  const ordered = [...events].sort(compareEvents)
  const latestStatus = new Map<string, string>()
  for (const event of ordered) {
    if (event.type === 'status' && event.about && event.content?.status) latestStatus.set(event.about, event.content.status)
  }
  const ids = new Set(ordered.map((event) => event.id))
  const entries: TimelineEntry[] = []
  for (const event of ordered) {
    // A status whose message is known is shown on that message; one whose message is not stays visible.
    if (event.type === 'status' && event.about !== undefined && ids.has(event.about)) continue
    const status = latestStatus.get(event.id) ?? event.content?.status
    const threadKey = event.thread?.key ?? event.thread?.messageId
    entries.push({
      eventId: event.id,
      occurredAt: event.occurredAt,
      channel: event.channel,
      direction: event.direction,
      type: event.type,
      actor: event.actor,
      ...(event.content?.subject ? { subject: event.content.subject } : {}),
      ...(event.content?.text ? { text: event.content.text } : {}),
      ...(status ? { status } : {}),
      ...(event.content?.durationSeconds === undefined ? {} : { durationSeconds: event.content.durationSeconds }),
      ...(threadKey ? { threadKey } : {}),
      ...(event.caseRef ? { caseRef: event.caseRef } : {}),
      source: event.source.system,
    })
  }
  return entries
}
