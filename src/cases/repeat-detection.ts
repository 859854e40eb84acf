import type { CustomerEvent } from '../events/index.js'
import { mentionsAny } from './stated-facts.js'

/** A customer message that re-explains something the case already holds. */
export interface RepeatSignal {
  readonly eventId: string
  /** `similar`: close to an earlier customer message; `phrase`: the customer says they are repeating. */
  readonly reason: 'similar' | 'phrase'
  /** The earlier message it repeats, for `similar`. */
  readonly repeatsEventId?: string
  /** Jaccard similarity of word sets, for `similar`. */
  readonly similarity?: number
  readonly phrase?: string
}

export interface RepeatOptions {
  /** Word-set Jaccard at or above which two messages say the same thing. Default 0.6. */
  readonly threshold?: number
  /** Characters of each message compared. Default 5,000. */
  readonly maxTextLength?: number
  /** How many earlier customer messages each one is compared with (the latest). Default 40. */
  readonly lookBack?: number
}

export const PHRASES =
  /\b(?:as i (?:already |have |had )?(?:said|mentioned|explained|told you|wrote|stated)|i (?:have |'ve )?already (?:explained|told|said|mentioned|given|provided|sent|gave)|(?:i'm |i am )?calling (?:again|back again)|for the (?:second|third|fourth|fifth|\d{1,2}(?:st|nd|rd|th)) time|(?:told|asked) (?:you|your colleague|someone|an agent) (?:before|already|yesterday)|how many times|repeat myself|once again)\b/iu
/** A word each of the PHRASES alternatives needs: a cheap gate before the pattern. */
export const PHRASE_WORDS = ['as i ', 'already', 'calling ', 'for the ', 'told ', 'asked ', 'how many times', 'repeat myself', 'once again']
const STOP = new Set(
  'a an the and or but i me my we you your it is are was were be been to of in on for at with this that have has had do does did not no so as by from hi hello thanks thank please can could would will just'.split(' '),
)

/** Content words of a text, lower-cased, for set similarity. */
export function contentWords(text: string, maxTextLength = 5_000): Set<string> {
  const words = text.slice(0, maxTextLength).toLowerCase().match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu) ?? []
  return new Set(words.filter((w) => w.length > 1 && !STOP.has(w)))
}

/** Jaccard similarity of two word sets: shared words over all words. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  let shared = 0
  for (const w of a) if (b.has(w)) shared++
  return shared / (a.size + b.size - shared)
}

/**
 * {@link jaccard} of two word sets given as sorted arrays of distinct word numbers: the same
 * counts (shared over all), found by one merge of small integers instead of a string lookup per word.
 */
function sortedJaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0
  let shared = 0
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) {
      shared++
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return shared / (a.length + b.length - shared)
}

/** Per stored (immutable) event: its content words and repeat phrase, worked out once. */
const perEvent = new WeakMap<CustomerEvent, { max: number; words: Set<string>; phrase: string | undefined }>()

function wordsOf(event: CustomerEvent, text: string, max: number): { words: Set<string>; phrase: string | undefined } {
  const known = perEvent.get(event)
  if (known && known.max === max) return known
  const bounded = text.slice(0, max)
  const entry = { max, words: contentWords(text, max), phrase: mentionsAny(bounded, PHRASE_WORDS) ? PHRASES.exec(bounded)?.[0] : undefined }
  perEvent.set(event, entry)
  return entry
}

/**
 * A message's best earlier match, and the entry of the message compared before it. Entries are
 * never changed, so an entry whose `prev` is the very entry the previous message has now stands
 * for exactly the same earlier messages (by induction down the chain): checked in O(1).
 */
interface MatchEntry {
  readonly prev: MatchEntry | null
  readonly threshold: number
  readonly max: number
  readonly lookBack: number
  readonly best: { id: string; score: number } | undefined
}
const bestMatches = new WeakMap<CustomerEvent, MatchEntry>()

/**
 * Customer messages in a case that repeat what it already holds: word-set Jaccard at or above
 * the threshold with an earlier customer message (messages of fewer than four content words
 * are too short to judge), or a phrase such as "as I already said", "calling again", "for the
 * third time". A message is counted once, by its strongest signal.
 * @param events the case's events in time order
 * @example detectRepeats(events).length // 2
 */
export function detectRepeats(events: readonly CustomerEvent[], options: RepeatOptions = {}): RepeatSignal[] {
  const fold = repeatFold(options)
  for (const event of events) fold.step(event)
  return [...fold.signals]
}

/** {@link detectRepeats} as a fold over a case's events in time order. */
export interface RepeatFold {
  step(event: CustomerEvent): void
  /** The signals so far (live: read, do not keep). */
  readonly signals: readonly RepeatSignal[]
}

export function repeatFold(options: RepeatOptions = {}): RepeatFold {
  const threshold = options.threshold ?? 0.6
  const max = options.maxTextLength ?? 5_000
  // Bounded look-back keeps a long case linear; re-explaining is about the recent story.
  const lookBack = options.lookBack ?? 40
  const earlier: { id: string; words: Int32Array }[] = []
  // Words numbered as first met in this case, so comparisons merge integers.
  const numbers = new Map<string, number>()
  const numbered = (words: ReadonlySet<string>): Int32Array => {
    const out = new Int32Array(words.size)
    let n = 0
    for (const w of words) {
      let k = numbers.get(w)
      if (k === undefined) numbers.set(w, (k = numbers.size))
      out[n++] = k
    }
    return out.sort()
  }
  let prevEntry: MatchEntry | null = null
  const signals: RepeatSignal[] = []
  return {
    signals,
    step(event) {
      if (event.actor.role !== 'customer' || event.direction !== 'inbound' || event.type === 'status' || event.type === 'action') return
      const text = event.content?.text
      if (!text) return
      const { words, phrase } = wordsOf(event, text, max)
      let best: { id: string; score: number } | undefined
      const ids = words.size >= 4 ? numbered(words) : undefined
      if (ids) {
        // Same window as `earlier.slice(-lookBack)`, without copying it for every message.
        const from = lookBack > 0 ? Math.max(0, earlier.length - lookBack) : lookBack === 0 ? 0 : Math.min(earlier.length, -lookBack)
        // The best match depends only on the message and the earlier messages it is compared with:
        // remembered per event, reused while that window holds the very same (immutable) events.
        let entry = bestMatches.get(event)
        if (entry && entry.prev === prevEntry && entry.threshold === threshold && entry.max === max && entry.lookBack === lookBack) best = entry.best
        else {
          for (let i = from; i < earlier.length; i++) {
            const prior = earlier[i] as { id: string; words: Int32Array }
            const score = sortedJaccard(ids, prior.words)
            if (score >= threshold && (!best || score > best.score)) best = { id: prior.id, score }
          }
          entry = { prev: prevEntry, threshold, max, lookBack, best }
          bestMatches.set(event, entry)
        }
        prevEntry = entry
      }
      if (best) signals.push({ eventId: event.id, reason: 'similar', repeatsEventId: best.id, similarity: Math.round(best.score * 100) / 100 })
      else if (phrase) signals.push({ eventId: event.id, reason: 'phrase', phrase })
      if (ids) {
        earlier.push({ id: event.id, words: ids })
        // Only the window is ever read again: keep the list from growing with the case.
        if (lookBack > 0 && earlier.length > 2 * lookBack + 64) earlier.splice(0, earlier.length - lookBack)
      }
    },
  }
}
