import { describe, expect, it } from 'vitest'
import { createEngine } from '../../src/index.js'
import { extractReferences, extractStatedIdentifiers, isSafePattern } from '../../src/identity/index.js'
import { CONTEXT, fixedClock } from '../helpers/fixtures.js'
import { message, record } from '../helpers/identity-fixtures.js'

const newEngine = () => createEngine({ context: CONTEXT, clock: fixedClock })

describe('extractStatedIdentifiers', () => {
  it('finds what customers say about themselves, as stated identifiers', () => {
    expect(extractStatedIdentifiers('Hi! My email is Ann.Lee@Example.com. Thanks')).toEqual([{ kind: 'email', value: 'ann.lee@example.com', grade: 'stated' }])
    expect(extractStatedIdentifiers('you can reach me at (415) 555-0100 after 5')).toEqual([{ kind: 'phone', value: '+14155550100', grade: 'stated' }])
    expect(extractStatedIdentifiers('My new phone number is +44 20 7946 0018')).toEqual([{ kind: 'phone', value: '+442079460018', grade: 'stated' }])
  })

  it('ignores addresses that are not a first-person statement', () => {
    expect(extractStatedIdentifiers('Please write to billing@shop.example or call 415 555 0100')).toEqual([])
  })

  it('stays fast on adversarial text', () => {
    const evil = `my email is ${'a'.repeat(50_000)}@${'b.'.repeat(20_000)} my phone is ${'1 '.repeat(20_000)}x`
    const start = performance.now()
    extractStatedIdentifiers(evil)
    extractReferences(`order #${'A'.repeat(30_000)}${' order'.repeat(5_000)}`)
    expect(performance.now() - start).toBeLessThan(500)
  })
})

describe('extractReferences', () => {
  it('reads order, invoice and booking numbers in their usual spellings', () => {
    expect(extractReferences('Where is my order #A-1001? Also invoice no. INV-2041 and ORD-123456.')).toEqual(['A-1001', 'INV-2041', 'ORD-123456'])
    expect(extractReferences('booking ref: bk-88231')).toEqual(['BK-88231'])
  })

  it('refuses user patterns that could backtrack catastrophically', () => {
    expect(isSafePattern(/ORD-\d{4,10}/u)).toBe(true)
    expect(isSafePattern(/(\w+\s?)+$/u)).toBe(false)
    expect(isSafePattern(/(a|aa)*/u)).toBe(false)
    expect(() => createEngine({ identity: { references: { patterns: [/(\d+)+-X/u] } } })).toThrow(
      expect.objectContaining({ code: 'invalid_options', issues: [expect.objectContaining({ path: ['identity', 'references', 'patterns', 0], message: expect.stringMatching(/^unsafe pattern/u) })] }),
    )
  })
})

describe('reference evidence', () => {
  it('links a sender who quotes an order to the one customer whose record holds it', async () => {
    const engine = newEngine()
    const { eventIds } = await engine.ingest([
      record('row-1', 1, { crm: 'shop:77', email: 'ann@example.com' }, { name: 'Ann Lee', orderIds: 'A-1001, A-1002' }),
      message('m1', 1, { email: 'ann.work@corp.example' }, { name: 'Ann Lee', text: 'Hello, my order #A-1002 never arrived.' }),
    ])
    const why = await engine.explain(eventIds[0] as string, eventIds[1] as string)
    expect(why?.joined).toBe(true)
    expect(why?.path[0]).toMatchObject({ via: 'reference', key: 'reference:A-1002' })
    expect(why?.path[0]?.reason).toBe('one quotes reference:A-1002, which a company record holds')
    const profile = await engine.profile({ reference: 'a-1001' })
    expect(profile?.identifiers.map((i) => `${i.kind}:${i.value}`)).toContain('email:ann.work@corp.example')
  })

  it('reads the order numbers of a CSV export row and links the customer who quotes one', async () => {
    const engine = newEngine()
    const { eventIds } = await engine.ingest([
      { format: 'csv.record', payload: { system: 'shopify', exportedAt: '2026-11-01T00:00:00Z', row: { id: '501', email: 'kim@example.com', name: 'Kim Ong', 'Order IDs': 'ORD-123456; ORD-123457' } } },
      message('kim-sms', 3, { phone: '+14155550142' }, { channel: 'sms', name: 'Kim Ong', text: 'Any news on ORD-123457?' }),
    ])
    expect(eventIds).toHaveLength(2)
    const profile = await engine.profile({ crm: 'shopify:501' })
    expect(profile?.eventCount).toBe(2)
    expect(profile?.identifiers.filter((i) => i.kind === 'reference').map((i) => i.value)).toEqual(['ORD-123456', 'ORD-123457'])
  })

  it('ignores a reference several people quote', async () => {
    const engine = newEngine()
    const { eventIds } = await engine.ingest([
      record('row-1', 1, { email: 'ann@example.com' }, { name: 'Ann Lee', orderIds: 'A-1001' }),
      message('m1', 1, { email: 'x1@example.net' }, { text: 'order #A-1001 is late' }),
      message('m2', 2, { email: 'x2@example.net' }, { text: 'order #A-1001 is late' }),
      message('m3', 3, { email: 'x3@example.net' }, { text: 'order #A-1001 is late' }),
    ])
    expect(await engine.store.listProfiles()).toHaveLength(4)
    const why = await engine.explain(eventIds[0] as string, eventIds[1] as string)
    expect(why?.shared?.[0]).toMatchObject({ key: 'reference:A-1001', reason: 'reference_many_senders' })
  })

  it('joins on a stated email, but never lets it bridge two people delivered different addresses', async () => {
    const engine = newEngine()
    const { eventIds } = await engine.ingest([
      message('ann-1', 1, { email: 'ann@example.com' }, { name: 'Ann Lee' }),
      message('sms-1', 2, { phone: '+14155550100' }, { channel: 'sms', name: 'Ann Lee', text: 'my email is ann@example.com' }),
      message('bob-1', 3, { email: 'bob@example.com' }, { name: 'Bob Lee', text: 'you can reach me at ann@example.com' }),
    ])
    expect((await engine.profile(eventIds[1] as string))?.id).toBe((await engine.profile(eventIds[0] as string))?.id)
    expect((await engine.profile(eventIds[2] as string))?.id).not.toBe((await engine.profile(eventIds[0] as string))?.id)
  })

  it('refuses a stated value as a bridge between two delivered values of its kind', async () => {
    const engine = newEngine()
    const { eventIds } = await engine.ingest([
      message('ann-1', 1, { email: 'ann@example.com' }, { name: 'Ann' }),
      message('ann-2', 2, { email: 'ann.lee@example.org' }, { name: 'Ann', text: 'My email is ann@example.com' }),
    ])
    const why = await engine.explain(eventIds[0] as string, eventIds[1] as string)
    expect(why?.joined).toBe(false)
    expect(why?.refused?.[0]).toMatchObject({ reason: 'stated_conflict', key: 'email:ann@example.com', grade: 'stated' })
  })
})
