import type { CustomerEvent } from '../events/index.js'

/**
 * The keys an event's thread is known by, and the keys it continues. Deliberately small:
 * a channel's conversation key, and the email Message-ID / In-Reply-To / References chain.
 * Full conversation building lives in `timeline/`; cases only need "is this the same thread".
 * @example threadLinks(reply) // { own: ['m:<r1@x>'], continues: ['m:<m1@x>'] }
 */
export function threadLinks(event: Pick<CustomerEvent, 'thread'>): { own: string[]; continues: string[] } {
  // Stored events are immutable: their links are worked out once (callers only read them).
  const known = links.get(event)
  if (known) return known
  const found = linksOf(event)
  links.set(event, found)
  return found
}

const links = new WeakMap<Pick<CustomerEvent, 'thread'>, { own: string[]; continues: string[] }>()

function linksOf(event: Pick<CustomerEvent, 'thread'>): { own: string[]; continues: string[] } {
  const thread = event.thread
  if (!thread) return { own: [], continues: [] }
  const own: string[] = []
  const continues: string[] = []
  if (thread.key) {
    own.push(`t:${thread.key}`)
    continues.push(`t:${thread.key}`)
  }
  if (thread.messageId) own.push(`m:${thread.messageId}`)
  if (thread.inReplyTo) continues.push(`m:${thread.inReplyTo}`)
  // Bounded: a References header can be long, and the nearest ancestors are at its end.
  for (const ref of (thread.references ?? []).slice(-20)) continues.push(`m:${ref}`)
  return { own, continues }
}
