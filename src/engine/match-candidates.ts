import { compareEvents, compareText, type CustomerEvent, stableHash } from '../events/index.js'
import type { Matcher, Suggestion } from '../identity/index.js'
import type { Link, StoreWriter } from '../store/index.js'
import { loadSuggestions, SUGGESTIONS_META_KEY, saveSuggestions } from './suggestion-store.js'

/**
 * The meta key listing the events of one blocking key. Hashed, because blocking keys are
 * built from personal data (a surname and a birth year) and meta keys outlive erasure.
 * @example blockMetaKey('name-dob:ann lee|1990-04-02') // 'block:' + 24 hex characters
 */
export function blockMetaKey(key: string): string {
  return `block:${stableHash(key)}`
}

/**
 * Takes erased events out of their blocks and drops suggestions that name them.
 * @param events the events being deleted, as stored
 * @example await forgetCandidates(tx, erasedEvents, matcher)
 */
export async function forgetCandidates(tx: StoreWriter, events: readonly CustomerEvent[], matcher: Matcher | undefined): Promise<void> {
  if (events.length === 0) return
  const gone = new Set(events.map((e) => e.id))
  if (matcher) {
    for (const event of events) {
      if (Object.keys(event.traits).length === 0) continue
      for (const key of new Set(matcher.candidateKeys(event))) {
        const stored = await tx.getMeta(blockMetaKey(key))
        if (Array.isArray(stored)) await tx.putMeta(blockMetaKey(key), (stored as string[]).filter((id) => !gone.has(id)))
      }
    }
  }
  const suggestions = await loadSuggestions(tx)
  const kept = suggestions.filter((s) => !gone.has(s.a) && !gone.has(s.b))
  if (kept.length !== suggestions.length) await tx.putMeta(SUGGESTIONS_META_KEY, kept)
}

/**
 * The stable id of a decision between two events, whatever order they are named in.
 * @example pairId('sug', 'evt_b', 'evt_a') === pairId('sug', 'evt_a', 'evt_b') // true
 */
export function pairId(prefix: string, a: string, b: string): string {
  const [x, y] = compareText(a, b) <= 0 ? [a, b] : [b, a]
  return `${prefix}_${stableHash(`${prefix}\u0000${x}\u0000${y}`)}`
}

/**
 * Indexes the blocking keys of new events and scores each unlinked pair sharing a block:
 * `merge` becomes a `same` link of origin `match`, `review` an open suggestion. Pairs with a
 * link or a suggestion already are not scored again, so a rejected suggestion stays rejected.
 * @returns the events whose profiles a new link may change
 * @example const touched = await scoreCandidates(tx, batch, matcher, now)
 */
export async function scoreCandidates(tx: StoreWriter, put: readonly CustomerEvent[], matcher: Matcher, now: string): Promise<string[]> {
  const fresh = new Map(put.map((e) => [e.id, e]))
  const maxBlock = matcher.maxBlockSize ?? 200
  const keysOf = (event: CustomerEvent) => (Object.keys(event.traits).length === 0 ? [] : [...new Set(matcher.candidateKeys(event))].sort())
  // A revised event is scored afresh: what its old version matched no longer counts.
  const previous = await tx.getEvents(put.map((e) => e.id))
  const touched: string[] = []
  if (previous.length > 0) {
    const revisedIds = new Set(previous.map((e) => e.id))
    for (const old of previous) {
      const current = new Set(keysOf(fresh.get(old.id) as CustomerEvent))
      for (const key of keysOf(old).filter((k) => !current.has(k))) {
        const stored = await tx.getMeta(blockMetaKey(key))
        if (Array.isArray(stored)) await tx.putMeta(blockMetaKey(key), (stored as string[]).filter((id) => id !== old.id))
      }
    }
    const stale = (await tx.getLinks([...revisedIds])).filter((l) => l.origin === 'match')
    if (stale.length > 0) await tx.deleteLinks(stale.map((l) => l.id))
    for (const link of stale) touched.push(link.a, link.b)
    const kept = (await loadSuggestions(tx)).filter((s) => !(s.status === 'open' && (revisedIds.has(s.a) || revisedIds.has(s.b))))
    await tx.putMeta(SUGGESTIONS_META_KEY, kept)
  }
  const pairs = new Map<string, [string, string]>()
  for (const event of [...put].sort(compareEvents)) {
    for (const key of keysOf(event)) {
      const metaKey = blockMetaKey(key)
      const stored = await tx.getMeta(metaKey)
      const members = Array.isArray(stored) ? (stored as string[]) : []
      if (!members.includes(event.id)) await tx.putMeta(metaKey, [...members, event.id].sort())
      // An oversized block compares nothing: the key is too common to say anything.
      if (members.length + 1 > maxBlock) continue
      for (const other of members) if (other !== event.id) pairs.set(pairId('pair', event.id, other), [event.id, other])
    }
  }
  if (pairs.size === 0) return touched
  const ids = [...new Set([...pairs.values()].flat())]
  const events = new Map((await tx.getEvents(ids.filter((id) => !fresh.has(id)))).map((e) => [e.id, e]))
  for (const e of put) events.set(e.id, e)
  const linked = new Set((await tx.getLinks(ids)).map((l) => pairId('pair', l.a, l.b)))
  const suggested = new Set((await loadSuggestions(tx)).map((s) => pairId('pair', s.a, s.b)))
  const links: Link[] = []
  const suggestions: Suggestion[] = []
  for (const [id, [x, y]] of [...pairs.entries()].sort(([p], [q]) => compareText(p, q))) {
    if (linked.has(id) || suggested.has(id)) continue
    const ex = events.get(x)
    const ey = events.get(y)
    if (!ex || !ey) continue
    const [a, b] = compareEvents(ex, ey) <= 0 ? [ex, ey] : [ey, ex]
    const result = matcher.score(a, b)
    if (result.decision === 'merge') {
      links.push({ id: pairId('lnk_match', a.id, b.id), kind: 'same', a: a.id, b: b.id, origin: 'match', score: result.score, note: matcher.id, createdAt: now })
    } else if (result.decision === 'review') {
      suggestions.push({ id: pairId('sug', a.id, b.id), a: a.id, b: b.id, score: result.score, evidence: result.evidence, matcher: matcher.id, status: 'open', createdAt: now })
    }
  }
  if (links.length > 0) await tx.putLinks(links)
  await saveSuggestions(tx, suggestions)
  return [...touched, ...links.flatMap((l) => [l.a, l.b])]
}
