import { describe, expect, it } from 'vitest'
import { createEngine, ThroughlineError } from '../../src/index.js'
import { CONTEXT, fixedClock } from '../helpers/fixtures.js'
import { message, record } from '../helpers/identity-fixtures.js'

const events = [
  record('crm-ann', 1, { email: 'ann@example.com', phone: '+14155550100' }, { name: 'Ann Lee' }),
  message('mail-ann', 2, { email: 'ann@example.com' }, { name: 'Ann Lee' }),
  message('sms-other', 3, { phone: '+14155550100' }, { channel: 'sms' }),
  message('sms-other-2', 4, { phone: '+14155550100', email: 'kid@example.com' }, { channel: 'sms' }),
]

describe('unmerge', () => {
  it('splits events off as another person, keeps the older id, and survives re-ingesting the same events', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    const { eventIds } = await engine.ingest(events)
    const before = await engine.profile({ email: 'ann@example.com' })
    expect(before?.eventCount).toBe(4)
    const split = [eventIds[2], eventIds[3]] as string[]
    const result = await engine.unmerge({ email: 'ann@example.com' }, { eventIds: split })
    expect(result.links).toBe(4)
    const ann = await engine.profile(eventIds[0] as string)
    const other = await engine.profile(split[0] as string)
    expect(ann?.id).toBe(before?.id)
    expect(ann?.eventCount).toBe(2)
    expect(other?.eventCount).toBe(2)
    expect((await engine.ingest(events)).duplicates).toBe(4)
    await engine.ingest([message('sms-other-3', 5, { phone: '+14155550100' }, { channel: 'sms' })])
    expect((await engine.profile(eventIds[0] as string))?.eventCount).toBe(2)
    const why = await engine.explain(eventIds[0] as string, split[1] as string)
    expect(why?.cannotLinks?.every((l) => l.origin === 'unmerge')).toBe(true)
  })

  it('removes an identifier as evidence, splitting where it was the only bridge', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    const { eventIds } = await engine.ingest(events)
    const result = await engine.unmerge({ email: 'ann@example.com' }, { identifier: { kind: 'phone', value: '(415) 555-0100' } })
    expect(result.blockedKey).toBe('phone:+14155550100')
    expect((await engine.profile(eventIds[0] as string))?.eventCount).toBe(2)
    expect((await engine.profile(eventIds[3] as string))?.eventCount).toBe(1)
    const summary = await engine.explainProfile(eventIds[0] as string)
    expect(summary?.shared.map((s) => [s.key, s.reason])).toContainEqual(['phone:+14155550100', 'blocked'])
  })

  it('refuses to split off events of another profile', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    await engine.ingest(events)
    await expect(engine.unmerge({ email: 'ann@example.com' }, { eventIds: ['evt_elsewhere'] })).rejects.toSatisfy(
      (e) => ThroughlineError.is(e) && e.code === 'conflict' && e.path.join('.') === 'unmerge.eventIds',
    )
  })
})
