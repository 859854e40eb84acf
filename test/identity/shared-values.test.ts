import { describe, expect, it } from 'vitest'
import { createEngine } from '../../src/index.js'
import { detectSharedValue, eventName, namesCompatible, resolveRules } from '../../src/identity/index.js'
import { CONTEXT, fixedClock } from '../helpers/fixtures.js'
import { message, record } from '../helpers/identity-fixtures.js'

const newEngine = (identity = {}) => createEngine({ context: CONTEXT, clock: fixedClock, identity })

describe('namesCompatible', () => {
  it('tolerates initials, nicknames, truncations and a changed surname', () => {
    expect(namesCompatible('Ann Lee', 'A. Lee')).toBe(true)
    expect(namesCompatible('Robert Lee', 'Bob Lee')).toBe(true)
    expect(namesCompatible('Christopher Hill', 'Chris')).toBe(true)
    expect(namesCompatible('Ann Lee', 'Ann Ortiz')).toBe(true)
    expect(namesCompatible('Dr. José Núñez', 'jose nunez')).toBe(true)
  })

  it('does not count filler names as names', () => {
    const event = (name: string) => ({ direction: 'inbound', traits: { name } }) as unknown as Parameters<typeof eventName>[0]
    expect(eventName(event('Unknown Caller'))).toBeUndefined()
    expect(eventName(event('Guest'))).toBeUndefined()
    expect(eventName(event('Ann Lee'))).toBe('Ann Lee')
  })

  it('tells clearly different given names apart', () => {
    expect(namesCompatible('Ann Lee', 'Bob Lee')).toBe(false)
    expect(namesCompatible('Maria', 'Carl Ortiz')).toBe(false)
  })
})

describe('shared-value detection', () => {
  it('keeps two customers who share a landline as two profiles', async () => {
    const engine = newEngine()
    await engine.ingest([
      record('ann', 1, { phone: '+14155550100', email: 'ann@example.com' }, { name: 'Ann Lee' }),
      record('bob', 2, { phone: '+14155550100', email: 'bob@example.com' }, { name: 'Bob Lee' }),
      message('m1', 1, { email: 'ann@example.com' }, { name: 'Ann Lee' }),
    ])
    const ann = await engine.profile({ email: 'ann@example.com' })
    const bob = await engine.profile({ email: 'bob@example.com' })
    expect(ann?.id).not.toBe(bob?.id)
    expect(ann?.eventCount).toBe(2)
    const why = await engine.explain({ email: 'ann@example.com' }, { email: 'bob@example.com' })
    expect(why?.shared?.[0]).toMatchObject({ key: 'phone:+14155550100', reason: 'name_conflict', people: 2 })
    expect(why?.shared?.[0]?.text).toMatch(/phone:\+14155550100 is held by 2 people .* so it is not evidence/u)
  })

  it('splits a profile when its joining value turns out to be shared, whatever the arrival order', async () => {
    const events = [
      record('ann', 1, { phone: '+14155550100', email: 'ann@example.com' }, { name: 'Ann Lee' }),
      message('call', 5, { phone: '+14155550100' }, { channel: 'voice' }),
      record('bob', 9, { phone: '+14155550100', email: 'bob@example.com' }, { name: 'Bob Lee' }),
    ]
    const stepwise = newEngine()
    await stepwise.ingest(events.slice(0, 2))
    expect((await stepwise.profile({ email: 'ann@example.com' }))?.eventCount).toBe(2)
    await stepwise.ingest(events.slice(2))
    const together = newEngine()
    await together.ingest([...events].reverse())
    const partition = async (engine: ReturnType<typeof newEngine>) => (await engine.store.listProfiles()).map((p) => p.eventIds)
    expect(await partition(stepwise)).toEqual(await partition(together))
    expect((await stepwise.profile({ email: 'ann@example.com' }))?.eventCount).toBe(1)
  })

  it('lets a role inbox join nobody', async () => {
    const engine = newEngine()
    await engine.ingest([
      message('m1', 1, { email: 'info@bakery.example' }, { name: 'Maria Diaz' }),
      message('m2', 2, { email: 'info@bakery.example' }, { name: 'Maria Diaz' }),
      message('m3', 3, { email: 'info@bakery.example' }, { name: 'Tom Diaz' }),
    ])
    const profiles = await engine.store.listProfiles()
    expect(profiles).toHaveLength(3)
    const [first, , third] = (await engine.store.getEvents(profiles.flatMap((p) => p.eventIds))).sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1))
    const why = await engine.explain(first?.id as string, third?.id as string)
    expect(why?.joined).toBe(false)
    expect(why?.shared?.[0]?.text).toContain('email:info@bakery.example is held by 3 people in 3 events, so it is not evidence (email:info@bakery.example is a role mailbox')
    const summary = await engine.explainProfile(profiles[0]?.id as string)
    expect(summary?.shared[0]).toMatchObject({ key: 'email:info@bakery.example', reason: 'role_mailbox', people: 3 })
  })

  it('marks a value shared when its holders carry too many companion values of one kind', () => {
    const rules = resolveRules({ shared: { maxCompanions: 2 } })
    const holder = (n: number) => ({
      id: `e${n}`,
      type: 'message' as const,
      occurredAt: '2026-11-01T00:00:00.000Z',
      channel: 'sms' as const,
      direction: 'inbound' as const,
      actor: { role: 'customer' as const },
      identifiers: [
        { kind: 'phone' as const, value: '+14155550100', grade: 'channel' as const },
        { kind: 'email' as const, value: `p${n}@example.com`, grade: 'channel' as const },
      ],
      traits: {},
      revision: 0,
      source: { system: 't', id: String(n) },
    })
    expect(detectSharedValue('phone', '+14155550100', [holder(1), holder(2)], rules)).toBeUndefined()
    expect(detectSharedValue('phone', '+14155550100', [holder(1), holder(2), holder(3)], rules)?.reason).toBe('companions')
  })

  it('treats a value held by more than maxHolders different holders as shared, in one batch or one at a time', async () => {
    // Seven callers through one switchboard number, each with an address of their own.
    const events = Array.from({ length: 7 }, (_, i) => message(`s${i}`, i, { phone: '+14155550123', email: `caller${i}@example.com` }, { channel: 'sms' }))
    const rules = { shared: { maxHolders: 3, maxCompanions: 100 } }
    const together = newEngine(rules)
    await together.ingest(events)
    const oneByOne = newEngine(rules)
    for (const event of events.slice(0, 5)) await oneByOne.ingest([event])
    // Two newcomers in one batch must not join each other through the shared value.
    await oneByOne.ingest(events.slice(5))
    const partition = async (engine: ReturnType<typeof newEngine>) => (await engine.store.listProfiles()).map((p) => p.eventIds)
    expect(await partition(together)).toHaveLength(7)
    expect(await partition(oneByOne)).toEqual(await partition(together))
    expect((await together.explain(...((await together.store.listProfiles()).slice(0, 2).map((p) => p.eventIds[0]) as [string, string])))?.shared).toContainEqual(
      expect.objectContaining({ key: 'phone:+14155550123', reason: 'too_many_holders' }),
    )
  })

  it('keeps a loyal customer whole however many times she writes from one address', async () => {
    // 600 messages from one address, always as Ann: one holder, far over the 500 limit in events.
    const events = Array.from({ length: 600 }, (_, i) => message(`ann${i}`, i % 60, { email: 'ann@example.com' }, { name: 'Ann Lee' }))
    const together = newEngine()
    await together.ingest(events)
    expect((await together.profile({ email: 'ann@example.com' }))?.eventCount).toBe(600)
    const inTurn = newEngine()
    await inTurn.ingest(events.slice(0, 590))
    for (const event of events.slice(590)) await inTurn.ingest([event])
    const partition = async (engine: ReturnType<typeof newEngine>) => (await engine.store.listProfiles()).map((p) => p.eventIds)
    expect(await partition(inTurn)).toEqual(await partition(together))
  })

  it('treats a value held by more than maxHolderEvents events as shared without reading them', async () => {
    const events = Array.from({ length: 7 }, (_, i) => message(`b${i}`, i, { phone: '+14155550126' }, { channel: 'sms' }))
    const rules = { shared: { maxHolders: 3, maxHolderEvents: 4 } }
    const together = newEngine(rules)
    await together.ingest(events)
    const oneByOne = newEngine(rules)
    for (const event of events) await oneByOne.ingest([event])
    const partition = async (engine: ReturnType<typeof newEngine>) => (await engine.store.listProfiles()).map((p) => p.eventIds)
    expect(await partition(together)).toHaveLength(7)
    expect(await partition(oneByOne)).toEqual(await partition(together))
    // Under the default bound the same seven messages are one sender, and one person.
    const unbounded = newEngine({ shared: { maxHolders: 3 } })
    await unbounded.ingest(events)
    expect(await partition(unbounded)).toHaveLength(1)
  })

  it('does not follow a value shared before and after a change, and resolves as if it had', async () => {
    // A switchboard number already shared by many callers; Ann writes again with it.
    const callers = Array.from({ length: 8 }, (_, i) => message(`c${i}`, i, { phone: '+14155550127', email: `caller${i}@example.com` }, { channel: 'sms' }))
    const ann = [message('a0', 20, { email: 'ann@example.com', phone: '+14155550127' }, { name: 'Ann Lee' }), message('a1', 21, { email: 'ann@example.com' }, { name: 'Ann Lee' })]
    const rules = { shared: { maxHolders: 3, maxCompanions: 100 } }
    const together = newEngine(rules)
    await together.ingest([...callers, ...ann])
    const inTurn = newEngine(rules)
    await inTurn.ingest([...callers, ann[0] as (typeof ann)[number]])
    const report = await inTurn.ingest([ann[1] as (typeof ann)[number]])
    const partition = async (engine: ReturnType<typeof newEngine>) => (await engine.store.listProfiles()).map((p) => p.eventIds)
    expect(await partition(inTurn)).toEqual(await partition(together))
    // Ann's second message rebuilt Ann alone, not the eight callers the number reaches.
    expect(report.profileIds).toHaveLength(1)
  })

  it('counts stated holders against maxHolderEvents, so batching never changes the verdict', async () => {
    // Three delivered holders and two customers quoting the number: five holders, bound 4.
    const delivered = Array.from({ length: 3 }, (_, i) => message(`d${i}`, i, { phone: '+14155550124', email: `p${i}@example.com` }, { channel: 'sms' }))
    const stated = Array.from({ length: 2 }, (_, i) => ({
      ...message(`q${i}`, 10 + i, { email: `q${i}@example.com` }),
      identifiers: [
        { kind: 'email' as const, value: `q${i}@example.com`, grade: 'channel' as const },
        { kind: 'phone' as const, value: '+14155550124', grade: 'stated' as const },
      ],
    }))
    const rules = { shared: { maxHolders: 2, maxHolderEvents: 4 } }
    const together = newEngine(rules)
    await together.ingest([...delivered, ...stated])
    const inTurn = newEngine(rules)
    await inTurn.ingest(stated)
    for (const event of delivered) await inTurn.ingest([event])
    const partition = async (engine: ReturnType<typeof newEngine>) => (await engine.store.listProfiles()).map((p) => [...p.eventIds].sort())
    // Held by five events, the number is shared: it joins nobody, however the events arrived.
    expect(await partition(together)).toHaveLength(5)
    expect(await partition(inTurn)).toEqual(await partition(together))
  })

  it('explains with the verdict resolution gave a value held beyond maxHolders, though the explanation loads only some holders', async () => {
    const phone = '+14155550125'
    const engine = newEngine({ shared: { maxHolders: 2, maxHolderEvents: 2 } })
    const { eventIds } = await engine.ingest([
      message('a1', 0, { email: 'a@example.com' }),
      message('a2', 1, { email: 'a@example.com', phone }),
      message('b1', 2, { email: 'b@example.com', phone }),
      message('b2', 3, { email: 'b@example.com' }),
      message('c1', 4, { phone }, { channel: 'sms' }),
    ])
    const [a1, , , b2] = eventIds as string[]
    // Three holders, limit two: the number joins nobody, so Ann and Bob stay two people.
    expect((await engine.profile({ eventId: a1 as string }))?.id).not.toBe((await engine.profile({ eventId: b2 as string }))?.id)
    // The explanation's region reaches two of the three holders (through the emails) and stops
    // at the saturated number; judged on those two alone, the number would join them.
    const why = await engine.explain(a1 as string, b2 as string)
    expect(why).toMatchObject({ joined: false, path: [] })
    expect(why?.shared).toContainEqual(expect.objectContaining({ key: `phone:${phone}`, reason: 'too_many_holders' }))
  })

  it('reports a value joining more than 64 events as a giant value', async () => {
    const warnings: unknown[] = []
    const engine = createEngine({ context: CONTEXT, clock: fixedClock, identity: { onWarning: (w) => warnings.push(w) } })
    const report = await engine.ingest(Array.from({ length: 70 }, (_, i) => message(`g${i}`, i % 60, { phone: '+14155550177' }, { channel: 'sms' })))
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'giant_value', key: 'phone:+14155550177', events: 70 })])
    // Seventy nameless messages with nothing else: one holder, which the message says.
    expect((report.warnings[0] as { message: string }).message).toContain('from 1 different holder;')
    expect(warnings).toHaveLength(1)
  })
})
