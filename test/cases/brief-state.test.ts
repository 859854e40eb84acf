import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildBrief, buildCases, caseActionEvent, type CaseOptions, createBriefState, resolveBriefOptions } from '../../src/cases/index.js'
import { compareEvents, type CustomerEvent, parseEvent } from '../../src/events/index.js'
import { ev, reply } from './helpers.js'
import { storyFrom, storyStep } from './story.js'

const OPTION_SETS: (Omit<CaseOptions, 'asOf'> & { maxCases?: number })[] = [
  {},
  { calendar: { timeZone: 'America/New_York' }, dateOrder: 'dmy', maxCases: 3 },
  { repeatThreshold: 0.3, maxTextLength: 120, reopenDays: 1, priority: 'urgent', defaultRegion: 'GB' },
]

/** Fresh copies: objects no cache has seen. */
const cold = (events: readonly CustomerEvent[]) => structuredClone(events) as CustomerEvent[]

/** A minute count after an event, as an agent might open the brief. */
const later = (event: CustomerEvent, minutes: number) => new Date(Date.parse(event.occurredAt) + minutes * 60_000)

describe('createBriefState', () => {
  it('gives, after any split of the events into appends and at any later asOf, the brief built from scratch', () => {
    fc.assert(
      fc.property(
        fc.array(storyStep, { minLength: 1, maxLength: 90 }),
        fc.array(fc.nat(1000), { maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 5 * 24 * 60 }), { minLength: 7, maxLength: 7 }),
        fc.nat(OPTION_SETS.length - 1),
        (steps, cuts, minutes, pick) => {
          const events = storyFrom(steps).sort(compareEvents)
          if (events.length === 0) return
          const options = OPTION_SETS[pick] as (typeof OPTION_SETS)[number]
          const at = [...new Set(cuts.map((c) => 1 + (c % events.length)))].sort((a, b) => a - b)
          if (at.at(-1) !== events.length) at.push(events.length)
          const first = at[0] as number
          const resolved = resolveBriefOptions({ ...options, asOf: later(events[first - 1] as CustomerEvent, 0) })
          let state = createBriefState(resolved.context, events.slice(0, first))
          at.forEach((end, i) => {
            if (i > 0) {
              const added = events.slice(at[i - 1], end)
              // An undo or a late `about` target cannot be appended: the engine starts again then, and so does this.
              if (!state.append(added)) state = createBriefState(resolved.context, events.slice(0, end))
            }
            const asOf = later(events[end - 1] as CustomerEvent, minutes[i] as number)
            const expected = buildBrief({ ...options, events: cold(events.slice(0, end)), asOf })
            expect(state.brief(asOf, undefined, resolved.maxCases)).toEqual(expected)
          })
          // The same state asked again at another asOf, with no new events.
          const last = events.at(-1) as CustomerEvent
          const asOf = later(last, minutes[6] as number)
          expect(state.brief(asOf, undefined, resolved.maxCases)).toEqual(buildBrief({ ...options, events: cold(events), asOf }))
        },
      ),
      { numRuns: 120, seed: 20_261_123 },
    )
  })

  it('refuses events that do not come after every event folded, and keeps its brief', () => {
    const events = storyFrom([
      { kind: 'customer', gap: 5, quiet: false, pick: 0, channel: 0, thread: 0, caseRef: false, priority: false },
      { kind: 'agent', gap: 5, quiet: false, pick: 0, channel: 0, thread: 0, caseRef: false, priority: false },
      { kind: 'customer', gap: 5, quiet: false, pick: 1, channel: 1, thread: 1, caseRef: false, priority: false },
    ]).sort(compareEvents)
    const asOf = later(events.at(-1) as CustomerEvent, 60)
    const { context } = resolveBriefOptions({ asOf })
    const state = createBriefState(context, [events[0] as CustomerEvent, events[2] as CustomerEvent])
    const before = state.brief(asOf, undefined, 2)
    expect(state.append([events[1] as CustomerEvent])).toBe(false)
    expect(state.append([events[2] as CustomerEvent])).toBe(false)
    expect(state.brief(asOf, undefined, 2)).toEqual(before)
  })

  it('shows a broken promise as kept once a later kept action names it', () => {
    const contact = ev({ at: '2026-11-02T09:00:00Z', text: 'My order #A-1001 arrived broken, please replace it.' })
    const promise = reply('2026-11-02T10:00:00Z', 'We will email you an update by Friday.')
    const chase = ev({ at: '2026-11-09T09:00:00Z', text: 'Still nothing on #A-1001, this is ridiculous.' })
    const caseId = buildCases([contact, promise], { asOf: '2026-11-02T11:00:00Z' })[0]!.commitments[0]!.caseId
    const commitmentId = buildCases([contact, promise], { asOf: '2026-11-02T11:00:00Z' })[0]!.commitments[0]!.id
    const kept = parseEvent(caseActionEvent({ action: 'kept', commitmentId }, { about: contact.id, at: '2026-11-09T10:00:00Z' }))
    if (!kept.success) throw new Error('bad action')
    const { context } = resolveBriefOptions({ asOf: '2026-11-09T09:30:00Z' })
    const state = createBriefState(context, [contact, promise, chase])
    expect(state.brief(new Date('2026-11-09T09:30:00Z'), undefined, 2).cases[0]?.commitments.map((k) => k.status)).toEqual(['broken'])
    expect(state.append([kept.event])).toBe(true)
    const asOf = new Date('2026-11-09T11:00:00Z')
    const brief = state.brief(asOf, undefined, 2)
    expect(brief.cases[0]?.caseId).toBe(caseId)
    expect(brief.cases[0]?.commitments).toEqual([])
    expect(brief).toEqual(buildBrief({ events: cold([contact, promise, chase, kept.event]), asOf }))
  })
})
