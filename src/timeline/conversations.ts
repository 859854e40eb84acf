import { baseSubject } from '../channels/index.js'
import { type Channel, type CustomerEvent, compareEvents, compareText, identifierKey, stableHash } from '../events/index.js'

/** One thread on one channel: an email thread, a call with its legs, a chat, an X conversation, a DM thread. */
export interface Conversation {
  /** `conv_` + a hash of the earliest event's id: stable whatever order events arrived in. */
  readonly id: string
  readonly channel: Channel
  /** The channel's thread key (`x.conversation:1850`, `twilio.call:CA42`), or `email:<root Message-ID>`. */
  readonly key: string
  /** Member event ids in time order (then id); each id once, whatever its revisions. */
  readonly eventIds: readonly string[]
  /** The subject of the earliest event that has one (email). */
  readonly subject?: string
  readonly startedAt: string
  readonly lastAt: string
}

/**
 * Groups events into conversations. Two events share a conversation when they share a thread
 * key, when one's Message-ID (or post id, message id) is another's `inReplyTo` or is in its
 * `references`, or when a status or transcript is `about` the other. This is the linking half of
 * JWZ threading (Message-ID, In-Reply-To, References): a message that names a parent which never
 * arrived still joins its siblings through that parent's id, and a reply that arrives before
 * what it answers joins it once both are present, because the result depends on the set only.
 *
 * Subject fallback, only for emails without In-Reply-To or References whose subject is a reply
 * ("Re: Refund"): they join the earliest thread with the same base subject that shares a
 * customer identifier with them, so two customers' "Re: Order status" never fuse.
 * Events with no thread information at all (CRM records, actions) are in no conversation.
 * @param events events in any order; revisions of one event count once (the highest revision)
 * @returns conversations ordered by start time, then id
 * @example buildConversations(events).find((c) => c.eventIds.includes(reply.id))
 */
export function buildConversations(events: readonly CustomerEvent[]): Conversation[] {
  const latest = latestRevisions(events)
  const links = new UnionFind()
  const threaded: CustomerEvent[] = []
  for (const event of latest) {
    const node = `evt:${event.id}`
    const linked = [
      event.thread?.key && `key:${event.channel}:${event.thread.key}`,
      event.thread?.messageId && `msg:${event.channel}:${event.thread.messageId}`,
      event.thread?.inReplyTo && `msg:${event.channel}:${event.thread.inReplyTo}`,
      ...(event.thread?.references ?? []).map((ref) => `msg:${event.channel}:${ref}`),
      // Only statuses and transcripts belong to the thread of what they are about; an action is
      // about a case or a person, not part of a conversation.
      (event.type === 'status' || event.type === 'transcript') && event.about ? `evt:${event.about}` : undefined,
    ].filter((value): value is string => typeof value === 'string' && value.length > 0)
    if (linked.length === 0) continue
    threaded.push(event)
    links.add(node)
    for (const other of linked) links.union(node, other)
  }
  subjectFallback(threaded, links)

  const groups = new Map<string, CustomerEvent[]>()
  for (const event of threaded) {
    const root = links.find(`evt:${event.id}`)
    const group = groups.get(root)
    if (group) group.push(event)
    else groups.set(root, [event])
  }
  const conversations = [...groups.values()].map(toConversation)
  return conversations.sort((a, b) => compareText(a.startedAt, b.startedAt) || compareText(a.id, b.id))
}

function toConversation(members: CustomerEvent[]): Conversation {
  members.sort(compareEvents)
  const first = members[0] as CustomerEvent
  const last = members[members.length - 1] as CustomerEvent
  const keyed = members.find((event) => event.thread?.key)
  const subject = members.find((event) => event.content?.subject)?.content?.subject
  return {
    id: `conv_${stableHash(first.id)}`,
    channel: first.channel,
    key: keyed?.thread?.key ?? `${first.channel}:${first.thread?.messageId ?? first.id}`,
    eventIds: members.map((event) => event.id),
    ...(subject ? { subject } : {}),
    startedAt: first.occurredAt,
    lastAt: last.occurredAt,
  }
}

/** One record per event id: the highest revision wins; ties fall to a total order on content. */
function latestRevisions(events: readonly CustomerEvent[]): CustomerEvent[] {
  const byId = new Map<string, { event: CustomerEvent; text: string }>()
  for (const event of events) {
    const text = JSON.stringify(event)
    const seen = byId.get(event.id)
    if (!seen || event.revision > seen.event.revision || (event.revision === seen.event.revision && compareText(text, seen.text) < 0)) {
      byId.set(event.id, { event, text })
    }
  }
  return [...byId.values()].map((entry) => entry.event).sort(compareEvents)
}

/** JWZ's last resort: headerless replies join a thread by subject, within one customer. */
function subjectFallback(threaded: readonly CustomerEvent[], links: UnionFind): void {
  const emails = threaded.filter((event) => event.channel === 'email' && baseSubject(event.content?.subject))
  const headerless = emails.filter((event) => {
    const subject = event.content?.subject ?? ''
    const isReply = baseSubject(subject) !== subject.trim().toLowerCase()
    return isReply && !event.thread?.inReplyTo && !(event.thread?.references?.length)
  })
  // Decide every join from the header-linked threads first, then apply them, so the outcome does
  // not depend on which orphan is looked at first. `threaded` is in canonical order.
  const joins: [string, string][] = []
  for (const orphan of headerless) {
    const own = links.find(`evt:${orphan.id}`)
    const people = new Set(orphan.identifiers.map(identifierKey))
    const target = emails.find(
      (event) =>
        links.find(`evt:${event.id}`) !== own &&
        baseSubject(event.content?.subject) === baseSubject(orphan.content?.subject) &&
        event.identifiers.some((identifier) => people.has(identifierKey(identifier))),
    )
    if (target) joins.push([orphan.id, target.id])
  }
  for (const [a, b] of joins) links.union(`evt:${a}`, `evt:${b}`)
}

/** Union-find over string nodes; the union direction is by rank, so only `find` equality matters. */
class UnionFind {
  private readonly parent = new Map<string, string>()
  private readonly rank = new Map<string, number>()

  add(node: string): void {
    if (!this.parent.has(node)) {
      this.parent.set(node, node)
      this.rank.set(node, 0)
    }
  }

  find(node: string): string {
    this.add(node)
    let root = node
    while (this.parent.get(root) !== root) root = this.parent.get(root) as string
    // Path compression keeps long reply chains cheap.
    let current = node
    while (current !== root) {
      const next = this.parent.get(current) as string
      this.parent.set(current, root)
      current = next
    }
    return root
  }

  union(a: string, b: string): void {
    const rootA = this.find(a)
    const rootB = this.find(b)
    if (rootA === rootB) return
    const rankA = this.rank.get(rootA) ?? 0
    const rankB = this.rank.get(rootB) ?? 0
    if (rankA < rankB) this.parent.set(rootA, rootB)
    else if (rankA > rankB) this.parent.set(rootB, rootA)
    else {
      this.parent.set(rootB, rootA)
      this.rank.set(rootA, rankA + 1)
    }
  }
}
