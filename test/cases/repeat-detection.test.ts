import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { contentWords, detectRepeats, jaccard, type RepeatSignal } from '../../src/cases/repeat-detection.js'
import type { CustomerEvent } from '../../src/events/index.js'
import { ev, reply } from './helpers.js'

/** Repeat detection written the plain way (word sets, every window sliced): what the fold must equal. */
function reference(events: readonly CustomerEvent[], threshold: number, lookBack: number): RepeatSignal[] {
  const signals: RepeatSignal[] = []
  const earlier: { id: string; words: Set<string> }[] = []
  for (const e of events) {
    if (e.actor.role !== 'customer' || e.direction !== 'inbound' || e.type === 'status' || e.type === 'action') continue
    const text = e.content?.text
    if (!text) continue
    const words = contentWords(text)
    let best: { id: string; score: number } | undefined
    if (words.size >= 4) {
      for (const prior of earlier.slice(-lookBack)) {
        const score = jaccard(words, prior.words)
        if (score >= threshold && (!best || score > best.score)) best = { id: prior.id, score }
      }
    }
    const phrase = /\b(?:as i (?:already |have |had )?(?:said|mentioned|explained|told you|wrote|stated)|calling (?:again|back again)|once again)\b/iu.exec(text)?.[0]
    if (best) signals.push({ eventId: e.id, reason: 'similar', repeatsEventId: best.id, similarity: Math.round(best.score * 100) / 100 })
    else if (phrase) signals.push({ eventId: e.id, reason: 'phrase', phrase })
    if (words.size >= 4) earlier.push({ id: e.id, words })
  }
  return signals
}

const WORDS = ['order', 'lamp', 'broken', 'box', 'crushed', 'refund', 'replacement', 'ticket', 'cracked', 'arrived', 'late', 'again', 'Lamp', 'BOX']

describe('detectRepeats', () => {
  it('finds the same repeats as plain word-set Jaccard over the look-back window, for any messages', () => {
    const message = fc.record({
      words: fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 9 }),
      phrase: fc.constantFrom('', 'as I already said', 'calling again'),
      agent: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(message, { maxLength: 70 }), fc.constantFrom(0.3, 0.5, 0.6, 0.8), fc.constantFrom(3, 40), (messages, threshold, lookBack) => {
        const events = messages.map((m, i) => {
          const at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()
          const text = `${m.phrase} ${m.words.join(' ')}`.trim()
          return m.agent ? reply(at, text || 'ok') : ev({ at, ...(text ? { text } : {}) })
        })
        expect(detectRepeats(events, { threshold, lookBack })).toEqual(reference(events, threshold, lookBack))
      }),
      { numRuns: 300 },
    )
  })
})
