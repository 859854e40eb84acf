import { describe, expect, it } from 'vitest'
import { createEngine } from '../../src/index.js'
import { CONTEXT, fixedClock } from '../helpers/fixtures.js'
import { message, record } from '../helpers/identity-fixtures.js'

async function seeded() {
  const engine = createEngine({ context: CONTEXT, clock: fixedClock })
  const report = await engine.ingest([
    record('crm-ann', 1, { crm: 'shop:1', email: 'ann@example.com', phone: '+14155550100' }, { name: 'Ann Lee' }),
    message('mail', 2, { email: 'ann@example.com' }, { name: 'Ann Lee' }),
    message('sms', 3, { phone: '+14155550100' }, { channel: 'sms' }),
    message('info-1', 4, { email: ['info@lee-bakery.example', 'ann@example.com'] }, { name: 'Ann Lee' }),
    message('info-2', 5, { email: 'info@lee-bakery.example' }, { name: 'Tom Ng' }),
    record('crm-bob', 6, { crm: 'shop:2', phone: '+14155550199' }, { name: 'Bob Lee' }),
  ])
  return { engine, ids: report.eventIds }
}

describe('explain', () => {
  it('accepts event ids, profile ids and lookups, and names the identifiers on the path', async () => {
    const { engine, ids } = await seeded()
    const profile = await engine.profile({ email: 'ann@example.com' })
    const byLookup = await engine.explain({ email: 'ann@example.com' }, { phone: '+1 415 555 0100' })
    expect(byLookup?.joined).toBe(true)
    const byEvents = await engine.explain(ids[1] as string, ids[2] as string)
    expect(byEvents?.path.map((s) => s.key)).toEqual(['email:ann@example.com', 'phone:+14155550100'])
    expect(byEvents?.path.map((s) => s.reason)).toEqual(['both hold email:ann@example.com', 'both hold phone:+14155550100'])
    const byProfile = await engine.explain(profile?.id as string, { eventId: ids[2] as string })
    expect(byProfile?.profileIds).toEqual([profile?.id, profile?.id])
  })

  it('names the refused evidence between two people, with the rule that refused it', async () => {
    const { engine, ids } = await seeded()
    const why = await engine.explain(ids[4] as string, ids[0] as string)
    expect(why?.joined).toBe(false)
    expect(why?.shared?.map((s) => s.key)).toEqual(['email:info@lee-bakery.example'])
    expect(why?.shared?.[0]?.text).toContain('is held by 2 people')
    expect(await engine.explain(ids[5] as string, ids[4] as string)).toBeNull()
  })

  it('summarizes how a profile was formed', async () => {
    const { engine } = await seeded()
    const summary = await engine.explainProfile({ crm: 'shop:1' })
    expect(summary).toMatchObject({ members: 4, evidenceByKind: { 'identifier:email': 2, 'identifier:phone': 1 } })
    expect(summary?.shared.map((s) => [s.key, s.reason])).toEqual([['email:info@lee-bakery.example', 'role_mailbox']])
    expect(summary?.evidence).toHaveLength(3)
    expect(await engine.explainProfile({ email: 'nobody@example.com' })).toBeUndefined()
  })
})
