import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildCases, caseActionEvent, caseIdFor } from '../../src/cases/index.js'
import { type CustomerEvent, parseEvent } from '../../src/events/index.js'
import { ev, reply } from './helpers.js'

const asOf = '2026-12-31T12:00:00Z'
const action = (data: Parameters<typeof caseActionEvent>[0], about: string, at: string): CustomerEvent => {
  const parsed = parseEvent(caseActionEvent(data, { about, at }))
  if (!parsed.success) throw new Error('bad action')
  return parsed.event
}
const membership = (events: readonly CustomerEvent[]) =>
  buildCases(events, { asOf }).map((c) => ({ id: c.id, events: [...c.eventIds], refs: c.references.map((r) => r.value), owner: c.owner?.owner.name }))

describe('case grouping', () => {
  it('joins contacts that name the same order across channels and months', () => {
    const a = ev({ at: '2026-10-01T09:00:00Z', text: 'Order #A-1001 arrived broken' })
    const b = ev({ at: '2026-12-01T09:00:00Z', channel: 'x', text: 'still waiting on order A-1001!' })
    const cases = buildCases([a, b], { asOf })
    expect(cases).toHaveLength(1)
    expect(cases[0]?.placement[b.id]).toBe('reference')
  })

  it('keeps an explicit caseRef above every other evidence', () => {
    const a = ev({ at: '2026-10-01T09:00:00Z', text: 'Printer broken', caseRef: 'T-1' })
    const b = ev({ at: '2026-10-02T09:00:00Z', text: 'Different thing about order #A-1', caseRef: 'T-2' })
    const c = ev({ at: '2026-11-20T09:00:00Z', text: 'Any news?', caseRef: 'T-1' })
    const cases = buildCases([a, b, c], { asOf })
    expect(cases.map((k) => k.eventIds.length)).toEqual([2, 1])
    expect(cases[0]?.placement[c.id]).toBe('case-ref')
  })

  it('follows email reply chains and channel thread keys', () => {
    const a = ev({ at: '2026-10-01T09:00:00Z', text: 'Hello', thread: { messageId: '<m1@x>' } })
    const b = reply('2026-10-20T09:00:00Z', 'Answer', { thread: { messageId: '<r1@acme>', inReplyTo: '<m1@x>' } })
    const c = ev({ at: '2026-11-20T09:00:00Z', text: 'Thanks', thread: { messageId: '<m2@x>', references: ['<m1@x>', '<r1@acme>'] } })
    const cases = buildCases([a, b, c], { asOf })
    expect(cases).toHaveLength(1)
    expect(cases[0]?.placement[c.id]).toBe('thread')
  })

  it('reopens a resolved case for a contact inside the window, and opens a new one after it', () => {
    const a = ev({ at: '2026-11-01T09:00:00Z', text: 'Cannot log in' })
    const resolved = action({ action: 'resolve', caseId: caseIdFor(a.id) }, a.id, '2026-11-02T09:00:00Z')
    const b = ev({ at: '2026-11-05T09:00:00Z', text: 'It broke again' })
    const c = ev({ at: '2026-11-20T09:00:00Z', text: 'New question about shipping' })
    const cases = buildCases([a, resolved, b, c], { asOf, reopenDays: 7 })
    expect(cases).toHaveLength(2)
    expect(cases[0]).toMatchObject({ state: 'open', reopenedAt: ['2026-11-05T09:00:00.000Z'] })
    expect(cases[1]?.placement[c.id]).toBe('new')
  })

  it('opens a new case when the customer names a different order within the window', () => {
    const a = ev({ at: '2026-11-01T09:00:00Z', text: 'order #A-1001 is late' })
    const b = ev({ at: '2026-11-02T09:00:00Z', text: 'also order #B-2002 is missing a part' })
    expect(buildCases([a, b], { asOf })).toHaveLength(2)
  })

  it('merges two cases, splits events out again, and undoes either', () => {
    const a = ev({ at: '2026-10-01T09:00:00Z', text: 'order #A-1001 broken' })
    const b = ev({ at: '2026-11-01T09:00:00Z', text: 'order #B-2002 late' })
    const merge = action({ action: 'merge', caseId: caseIdFor(a.id), otherCaseId: caseIdFor(b.id), otherEventId: b.id }, a.id, '2026-11-02T00:00:00Z')
    expect(buildCases([a, b, merge], { asOf }).map((c) => c.eventIds.length)).toEqual([3])
    const later = ev({ at: '2026-11-03T09:00:00Z', text: 'order B-2002?' })
    expect(buildCases([a, b, merge, later], { asOf })).toHaveLength(1)
    const split = action({ action: 'split', caseId: caseIdFor(a.id), eventIds: [b.id] }, b.id, '2026-11-02T01:00:00Z')
    const afterSplit = buildCases([a, b, merge, split], { asOf })
    expect(afterSplit.map((c) => c.id)).toEqual([caseIdFor(a.id), caseIdFor(b.id)])
    const undo = action({ action: 'undo', target: merge.id }, a.id, '2026-11-04T00:00:00Z')
    expect(buildCases([a, b, merge, undo], { asOf })).toHaveLength(2)
  })

  it('gives identical cases for any permutation of the events', () => {
    const base = [
      ev({ at: '2026-11-01T09:00:00Z', text: 'order #A-1001 arrived broken', thread: { messageId: '<m1@x>' } }),
      reply('2026-11-01T10:00:00Z', 'We will email you an update by Friday.', { thread: { messageId: '<r1@a>', inReplyTo: '<m1@x>' } }),
      ev({ at: '2026-11-01T10:00:00Z', channel: 'x', text: 'hello?' }),
      ev({ at: '2026-11-03T09:00:00Z', channel: 'voice', type: 'call', content: { durationSeconds: 60 } }),
      ev({ at: '2026-11-20T09:00:00Z', channel: 'whatsapp', text: 'new: invoice INV-2024-0042 is wrong', caseRef: 'T-9' }),
      ev({ at: '2026-11-21T09:00:00Z', channel: 'chat', text: 'about T-9', caseRef: 'T-9' }),
      ev({ at: '2026-12-20T09:00:00Z', channel: 'email', text: 'order A-1001 again, as I already said' }),
    ]
    const assign = action({ action: 'assign', caseId: caseIdFor(base[0]!.id), agent: { id: 'omar', name: 'Omar' } }, base[0]!.id, '2026-11-02T00:00:00Z')
    const events = [...base, assign]
    const expected = membership(events)
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
        expect(membership(shuffled)).toEqual(expected)
      }),
      { numRuns: 200 },
    )
  })
})
