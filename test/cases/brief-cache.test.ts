import { describe, expect, it } from 'vitest'
import { createEngine } from '../../src/index.js'
import { buildBrief, buildCases, caseActionEvent, type CaseOptions, groupCases, responseClock, resolveCaseOptions } from '../../src/cases/index.js'
import { lastResponseWait } from '../../src/cases/response-clock.js'
import { type CustomerEvent, parseEvent } from '../../src/events/index.js'
import { BOT, ev, JANE, OMAR, reply } from './helpers.js'
import { AGENT_TEXTS, CUSTOMER_TEXTS } from './story.js'

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

  it('stays equal to a cold build through merges, splits, undos, late transcripts and statuses', async () => {
    let now = new Date('2026-11-16T09:00:00Z')
    const engine = createEngine({ clock: () => now })
    const lookup = { email: 'ann@example.com' }
    const customer = { role: 'customer' as const, name: 'Ann Lee' }
    const identifiers = [{ kind: 'email' as const, value: 'ann@example.com' }]
    let n = 0
    const say = async (at: string, text: string, extra: Record<string, unknown> = {}) => {
      now = new Date(at)
      await engine.ingest([{ occurredAt: at, channel: 'email', direction: 'inbound', actor: customer, identifiers, content: { text }, source: { system: 't', id: String(++n) }, ...extra }])
      return (await engine.events(lookup)).at(-1)!.id
    }
    const check = async () => {
      const events = await engine.events(lookup)
      const options = { asOf: now }
      const context = resolveCaseOptions(options)
      expect(groupCases(events, context)).toEqual(groupCases(cold(events), context))
      expect(buildBrief({ events, asOf: now, maxCases: 10 })).toEqual(buildBrief({ events: cold(events), asOf: now, maxCases: 10 }))
      expect(await engine.cases(lookup)).toEqual(buildCases(cold(events), options))
    }
    await say('2026-11-16T09:00:00Z', 'order #A-1001 arrived broken')
    await check()
    await say('2026-11-16T10:00:00Z', 'and order #B-2002 is late')
    await check()
    const [a, b] = await engine.cases(lookup)
    now = new Date('2026-11-16T11:00:00Z')
    const merge = await engine.mergeCases(a!.id, b!.id)
    await check()
    const chat = await say('2026-11-16T12:00:00Z', 'any news on #A-1001?', { channel: 'chat' })
    await check()
    now = new Date('2026-11-16T13:00:00Z')
    await engine.undoCaseAction(merge.eventId)
    await check()
    now = new Date('2026-11-16T14:00:00Z')
    const merged = await engine.mergeCases(a!.id, b!.id)
    await check()
    now = new Date('2026-11-16T15:00:00Z')
    const [whole] = await engine.cases(lookup)
    await engine.splitCase(whole!.id, [chat])
    await check()
    // A status about a message that arrives before it (clock skew), then the message itself.
    now = new Date('2026-11-16T16:00:00Z')
    await engine.ingest([{ type: 'status', occurredAt: '2026-11-16T16:00:00Z', channel: 'email', direction: 'internal', actor: { role: 'system' }, identifiers, about: 'evt_late', data: { status: 'delivered' }, source: { system: 't', id: 'status-1' } }])
    await check()
    await engine.ingest([{ id: 'evt_late', occurredAt: '2026-11-16T16:30:00Z', channel: 'email', direction: 'outbound', actor: { role: 'agent', id: 'jane', name: 'Jane Ortiz' }, identifiers, content: { text: 'We will email you an update by Friday.' }, source: { system: 't', id: 'late' } }])
    now = new Date('2026-11-16T17:00:00Z')
    await check()
    await engine.undoCaseAction(merged.eventId)
    await check()
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
