import { describe, expect, it } from 'vitest'
import { createEngine } from '../../src/index.js'
import { CONTEXT, fixedClock } from '../helpers/fixtures.js'
import { message } from '../helpers/identity-fixtures.js'

const events = [
  message('a', 1, { phone: '+14155550100', email: 'a@example.com' }, { channel: 'sms' }),
  message('b', 2, { phone: '+14155550100', email: 'b@example.com' }, { channel: 'sms' }),
  message('c', 3, { phone: '+14155550100', email: 'c@example.com' }, { channel: 'sms' }),
]

describe('dry run and applyRules', () => {
  it('reports which profiles a rule change would split without applying it', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    await engine.ingest(events)
    const before = await engine.store.listProfiles()
    expect(before).toHaveLength(1)
    const report = await engine.dryRun({ limits: { email: 2 } })
    expect(report.splits).toEqual([{ profileId: before[0]?.id, into: expect.any(Array) }])
    expect(report.splits[0]?.into).toHaveLength(2)
    expect(report).toMatchObject({ profilesBefore: 1, profilesAfter: 2, merges: [] })
    expect(await engine.store.listProfiles()).toEqual(before)
  })

  it('reports merges a looser rule would make, and applies them as a recompute', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock, identity: { placeholders: { values: ['+14155550100'] } } })
    await engine.ingest(events)
    expect(await engine.store.listProfiles()).toHaveLength(3)
    const report = await engine.applyRules({})
    expect(report.merges).toHaveLength(1)
    expect(report.merges[0]?.from).toHaveLength(3)
    expect(await engine.store.listProfiles()).toHaveLength(1)
    // New events are resolved under the applied rules too.
    await engine.ingest([message('d', 4, { phone: '+14155550100' }, { channel: 'sms' })])
    expect((await engine.profile({ phone: '+14155550100' }))?.eventCount).toBe(4)
  })

  it('refuses malformed rules', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    await expect(engine.dryRun({ limits: { email: -1 } })).rejects.toMatchObject({ code: 'invalid_options' })
  })
})
