import { describe, expect, it } from 'vitest'
import { buildBrief, buildCases, caseActionEvent, type CaseOptions, responseClock, resolveCaseOptions } from '../../src/cases/index.js'
import { lastResponseWait } from '../../src/cases/response-clock.js'
import { type CustomerEvent, parseEvent } from '../../src/events/index.js'
import { BOT, ev, JANE, OMAR, reply } from './helpers.js'

const CUSTOMER_TEXTS = [
  'Hello, my order #A-1001 arrived broken. Can you send a replacement?',
  'As I already said, the box was crushed and the lamp is cracked.',
  'Any news on ticket #4521? This is getting ridiculous!!!',
  'My name is Crystal Minh and my email is cminh730@email.com, phone (415) 555-0100.',
  'Crystal Minh',
  'The box was crushed and the lamp is cracked, as I said before.',
  'Order ORD-778812 is a different one, it never shipped.',
  '3348917502',
  'Thanks, that is great news.',
]
const AGENT_TEXTS = [
  'We will email you an update by Friday.',
  "I'll call you back tomorrow with the replacement details.",
  'May I have your full name and the order number?',
  'We will refund you within 3-5 business days.',
  'What phone number can we call you on?',
  'Sorry about that, someone will follow up by 12/03.',
]
const CHANNELS = ['email', 'chat', 'x', 'whatsapp', 'voice', 'sms'] as const

/** A seeded story of many cases: contacts, replies, bot answers, calls, promises, facts, actions. */
function story(seed: number, n: number): CustomerEvent[] {
  let state = seed
  const next = (m: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state % m
  }
  const events: CustomerEvent[] = []
  let at = Date.parse('2026-11-02T08:00:00Z')
  let epoch = 0
  for (let i = 0; i < n; i++) {
    // Now and then a long quiet spell: the next contact opens a new case on a new thread.
    const quiet = next(25) === 0
    if (quiet) epoch++
    at += quiet ? 10 * 86_400_000 : (1 + next(40)) * 30 * 60_000
    const iso = new Date(at).toISOString()
    const channel = CHANNELS[next(CHANNELS.length)] as (typeof CHANNELS)[number]
    const key = `${channel}:${epoch}:${next(4)}`
    const roll = next(10)
    if (roll < 5) {
      events.push(
        channel === 'voice'
          ? ev({ at: iso, type: 'call', channel, content: { durationSeconds: next(2) * 90, status: next(2) ? 'completed' : 'no-answer' } })
          : ev({ at: iso, channel, text: CUSTOMER_TEXTS[next(CUSTOMER_TEXTS.length)] as string, key }),
      )
    } else if (roll < 8) {
      events.push(reply(iso, AGENT_TEXTS[next(AGENT_TEXTS.length)] as string, { channel: channel === 'voice' ? 'email' : channel, actor: next(2) ? JANE : OMAR, thread: { key } }))
    } else if (roll < 9) {
      events.push(ev({ at: iso, channel: 'chat', direction: 'outbound', actor: BOT, text: 'What is your order number?', key }))
    } else if (events.length > 0) {
      const about = events[next(events.length)] as CustomerEvent
      const caseId = buildCases(events, { asOf: iso }).find((c) => c.eventIds.includes(about.id))?.id ?? 'case_x'
      const action =
        next(3) === 0
          ? ({ action: 'resolve', caseId } as const)
          : next(2) === 0
            ? ({ action: 'assign', caseId, agent: { id: 'omar', name: 'Omar Haddad' } } as const)
            : ({ action: 'commit', caseId, commitmentId: `cmt_${i}`, what: 'Send a replacement', dueBy: new Date(at + 86_400_000).toISOString(), promisedBy: { id: 'jane', name: 'Jane Ortiz' }, fulfil: 'email' } as const)
      const parsed = parseEvent(caseActionEvent(action, { about: about.id, at: iso }))
      if (!parsed.success) throw new Error(JSON.stringify(parsed.issues))
      events.push(parsed.event)
    }
  }
  return events
}

/** Fresh copies: objects no cache has seen, so the brief is built cold. */
const cold = (events: readonly CustomerEvent[]) => structuredClone(events) as CustomerEvent[]

const OPTION_SETS: (Omit<CaseOptions, 'asOf'> & { maxCases?: number })[] = [
  {},
  { calendar: { timeZone: 'America/New_York' }, dateOrder: 'dmy' },
  { repeatThreshold: 0.3, maxTextLength: 120, maxCases: 5 },
  { reopenDays: 1, priority: 'urgent', defaultRegion: 'GB' },
  { slaPolicies: [{ channels: ['email', 'chat', 'x', 'whatsapp', 'sms', 'voice'], minutes: 30, businessHours: true }], extraReferencePatterns: [{ kind: 'ticket', pattern: String.raw`\b(T-\d{3,})\b` }] },
]

describe('brief caches', () => {
  it('gives the same brief cold and warm, after new events, and across options on the same event objects', () => {
    for (const seed of [1, 7, 42]) {
      const events = story(seed, 160)
      const asOf = new Date(Date.parse(events.at(-1)!.occurredAt) + 3_600_000).toISOString()
      for (const options of OPTION_SETS) {
        const expected = buildBrief({ ...options, events: cold(events), asOf })
        // Warm: every prefix seen before, one new event at a time, as an agent screen would.
        for (const k of [40, 100, 159]) buildBrief({ ...options, events: events.slice(0, k), asOf })
        expect(buildBrief({ ...options, events, asOf })).toEqual(expected)
        expect(buildBrief({ ...options, events, asOf })).toEqual(expected)
        // An earlier asOf on warm objects equals the same asOf cold.
        const earlier = events[120]!.occurredAt
        expect(buildBrief({ ...options, events, asOf: earlier })).toEqual(buildBrief({ ...options, events: cold(events), asOf: earlier }))
        expect(buildCases(events, { ...options, asOf })).toEqual(buildCases(cold(events), { ...options, asOf }))
      }
    }
  })

  it('measures the customer-wide current wait exactly as the full response clock does', () => {
    for (const seed of [3, 9]) {
      const events = story(seed, 120)
      for (const cut of [10, 60, 119]) {
        const asOf = new Date(Date.parse(events[cut]!.occurredAt) + 60_000)
        const { calendar, policies, atRiskRatio } = resolveCaseOptions({ asOf })
        const full = responseClock(events, { asOf, calendar, policies, atRiskRatio })
        expect(lastResponseWait(events, { asOf, calendar, policies, atRiskRatio })).toEqual(full.waiting ?? full.waits.at(-1))
        expect(lastResponseWait(cold(events), { asOf, calendar, policies, atRiskRatio })).toEqual(full.waiting ?? full.waits.at(-1))
      }
    }
  })

  it('does not read the clock', () => {
    const events = story(5, 60)
    const asOf = events.at(-1)!.occurredAt
    const realNow = Date.now
    Date.now = () => {
      throw new Error('the brief read the clock')
    }
    try {
      expect(() => buildBrief({ events, asOf })).not.toThrow()
    } finally {
      Date.now = realNow
    }
  })
})
