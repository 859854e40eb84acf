import Sentiment from 'sentiment'
import type { Channel, CustomerEvent } from '../events/index.js'

/** One scored customer message. */
export interface SentimentPoint {
  readonly eventId: string
  readonly at: string
  readonly channel: Channel
  /** AFINN-165 score per word, about -5 (hostile) to +5 (delighted); 0 is neutral. */
  readonly score: number
  readonly negativeWords: readonly string[]
}

export interface SentimentTrend {
  readonly points: readonly SentimentPoint[]
  /** Mean score of all points; 0 without any. */
  readonly average: number
  /** Mean of the last three points. */
  readonly recent: number
  /** Recent mean against the earlier mean: a change of more than 0.25 either way. */
  readonly direction: 'improving' | 'steady' | 'worsening'
  readonly label: 'positive' | 'neutral' | 'negative'
}

// Words AFINN lacks or under-weights in support conversations.
const EXTRAS: Record<string, number> = { unacceptable: -3, ridiculous: -3, useless: -3, still: -1, again: -1, nobody: -1, scam: -4, refund: 0 }
let analyzer: Sentiment | undefined
// Scores are a pure function of the text; briefs are rebuilt often from the same messages.
const memo = new Map<string, { score: number; negative: string[] }>()

/**
 * Scores one text with the AFINN-165 lexicon of the `sentiment` package, plus a few support
 * words. Limits: a lexicon cannot see sarcasm ("great, broken again" scores positive on
 * "great"), handles negation only for the next word ("not good"), and knows English only.
 * @example scoreText('This is ridiculous, still broken') // negative
 */
export function scoreText(text: string, maxTextLength = 5_000): { score: number; negative: string[] } {
  const key = text.length > maxTextLength ? text.slice(0, maxTextLength) : text
  const known = memo.get(key)
  if (known) return known
  const scored = scoreUncached(key)
  if (memo.size >= 20_000) memo.clear()
  memo.set(key, scored)
  return scored
}

function scoreUncached(text: string): { score: number; negative: string[] } {
  analyzer ??= new Sentiment()
  const result = analyzer.analyze(text, { extras: EXTRAS })
  const shouting = /[A-Z]{4,}(?:\s+[A-Z]{3,}){2,}|!{3,}/u.test(text) ? -0.5 : 0
  return { score: Math.round((result.comparative + shouting) * 100) / 100, negative: result.negative }
}

/** A stored (immutable) event's point, scored once. */
const pointOf = new WeakMap<CustomerEvent, SentimentPoint>()

/**
 * The sentiment of the customer's own words over time, across channels (agent words are not
 * scored: an apology is not the customer's mood).
 * @param events in time order
 * @example sentimentTrend(events).direction // 'worsening'
 */
export function sentimentTrend(events: readonly CustomerEvent[]): SentimentTrend {
  const fold = sentimentFold()
  for (const event of events) fold.step(event)
  return fold.result()
}

/** {@link sentimentTrend} as a fold over events in time order. */
export interface SentimentFold {
  /** Takes the next event; returns its point when it was scored. */
  step(event: CustomerEvent): SentimentPoint | undefined
  result(): SentimentTrend
}

export function sentimentFold(): SentimentFold {
  const points: SentimentPoint[] = []
  // sums[k]: the scores of the first k points added left to right, as `reduce` adds them.
  const sums: number[] = [0]
  const sumOf = (from: number, to: number) => {
    if (from === 0) return sums[to] as number
    let total = 0
    for (let i = from; i < to; i++) total += (points[i] as SentimentPoint).score
    return total
  }
  return {
    step(event) {
      if (event.actor.role !== 'customer' || event.direction !== 'inbound' || !event.content?.text) return undefined
      if (event.type === 'status' || event.type === 'action') return undefined
      let point = pointOf.get(event)
      if (!point) {
        const { score, negative } = scoreText(event.content.text)
        pointOf.set(event, (point = { eventId: event.id, at: event.occurredAt, channel: event.channel, score, negativeWords: negative }))
      }
      points.push(point)
      sums.push((sums.at(-1) as number) + point.score)
      return point
    },
    result() {
      const n = points.length
      const tail = Math.max(0, n - 3)
      const recent = n === 0 ? 0 : sumOf(tail, n) / (n - tail)
      const first = points[0]?.score ?? 0
      const last = points.at(-1)?.score ?? 0
      // With few points, compare the last with the first; with more, the last three with the rest.
      const delta = n > 3 ? recent - sumOf(0, n - 3) / (n - 3) : last - first
      const average = n === 0 ? 0 : sumOf(0, n) / n
      return {
        points: [...points],
        average: Math.round(average * 100) / 100,
        recent: Math.round(recent * 100) / 100,
        direction: delta < -0.25 ? 'worsening' : delta > 0.25 ? 'improving' : 'steady',
        label: recent <= -0.25 ? 'negative' : recent >= 0.25 ? 'positive' : 'neutral',
      }
    },
  }
}
