import { describe, expect, it } from 'vitest'
import { recomputeRegion } from '../../src/engine/index.js'
import { type ChangeRecord, createEngine, createMemoryStore } from '../../src/index.js'
import { at, canonical } from '../helpers/canonical.js'
import { CONTEXT, call, email } from '../helpers/fixtures.js'
import { applyChange } from '../helpers/mirror.js'

const clock = () => new Date('2026-11-20T12:00:00Z')
const salt = 'test-salt-please-rotate-never'

/** Ann writes twice (as two profiles until her phone joins them), calls once; Bob writes once. */
async function world() {
  const store = createMemoryStore()
  const engine = createEngine({ store, clock, context: CONTEXT, erasure: { salt } })
  const seen: ChangeRecord[] = []
  engine.subscribe((records) => void seen.push(...records))
  const annPayloads = [
    { format: 'email.postal-mime', payload: email({ messageId: '<m1@example.com>', text: 'My secret order A-1001 arrived broken' }) },
    { format: 'twilio.voice.status', payload: call({ CallSid: 'CA1', From: '(415) 555-0100' }) },
  ]
  await engine.ingest(annPayloads)
  const bridge = canonical('crm-ann', { type: 'record', channel: 'crm', direction: 'internal', system: 'hubspot', occurredAt: at(17), identifiers: [{ kind: 'email', value: 'ann.lee@example.com', grade: 'record' }, { kind: 'phone', value: '+14155550100', grade: 'record' }], traits: { name: 'Ann Lee', city: 'Leeds' } })
  const bob = canonical('bob-1', { occurredAt: at(18), identifiers: [{ kind: 'email', value: 'bob@example.com' }], traits: { name: 'Bob Stone' }, content: { text: 'Where is my parcel?' } })
  const report = await engine.ingest([bridge, bob])
  const [bridgeId, bobId] = report.eventIds as [string, string]
  await engine.setConsent({ email: 'ann.lee@example.com' }, { channel: 'email', purpose: 'marketing', granted: true })
  // A decision that Ann's record and Bob's message are two people: it touches both.
  await engine.store.transaction(async (tx) => {
    await tx.putLinks([{ id: 'lnk_1', kind: 'different', a: bridgeId, b: bobId, origin: 'review', createdAt: clock().toISOString() }])
    await recomputeRegion(tx, { touched: [bridgeId, bobId], cause: 'review' }, { rules: {}, now: clock().toISOString() })
  })
  return { store, engine, seen, annPayloads, bridge, bobId }
}

const annSecrets = ['ann.lee@example.com', '+14155550100', '4155550100', 'Ann Lee', 'secret order', 'Leeds', 'm1@example.com', 'CA1']

describe('erase', () => {
  it('leaves no identifier, name or message text of the person in a store dump', async () => {
    const { store, engine, seen } = await world()
    expect(new Set((await store.listProfiles()).map((p) => p.id)).size).toBe(2)
    const before = JSON.stringify(store.snapshot())
    for (const secret of annSecrets) expect(before).toContain(secret)
    const report = await engine.erase({ phone: '415-555-0100' }, { reason: 'DSR-1042' })
    expect(report).toMatchObject({ dryRun: false, events: 4, identifiers: { email: 1, phone: 1 }, sharedIdentifiers: 0, links: 1, suppressions: 6, reason: 'DSR-1042' })
    expect(report.erasureId).toMatch(/^era_/)
    expect(report.changesRedacted).toBeGreaterThan(0)
    const dump = JSON.stringify(store.snapshot())
    for (const secret of annSecrets) expect(dump).not.toContain(secret)
    expect(dump).toContain('Bob Stone')
    const last = seen.at(-1)
    expect(last).toMatchObject({ op: 'delete', patch: [], cause: 'erasure', profileId: report.profileIds[0] })
    for (const secret of annSecrets) expect(JSON.stringify(seen.filter((r) => r.cause === 'erasure'))).not.toContain(secret)
  })

  it('blanks the history of a profile the person was split from, and republishes it whole', async () => {
    const store = createMemoryStore()
    const engine = createEngine({ store, clock, erasure: { salt } })
    const mirror: Record<string, unknown> = {}
    engine.subscribe((records) => records.forEach((r) => applyChange(mirror, r)))
    const quinn = canonical('q1', { occurredAt: at(1), identifiers: [{ kind: 'email', value: 'quinn@example.com' }], traits: { name: 'Quinn' } })
    // Pat wrote from Quinn's shared address once, so the two were one profile until an unmerge.
    // (Pat signs as a Quinn: two clearly different names would have made the address shared, and never joined them.)
    const pat = canonical('p1', { occurredAt: at(2), identifiers: [{ kind: 'email', value: 'quinn@example.com' }, { kind: 'email', value: 'pat@example.com' }], traits: { name: 'Quinn Pat Secret' } })
    const { eventIds } = await engine.ingest([quinn, pat])
    const [q1, p1] = eventIds as [string, string]
    await engine.store.transaction(async (tx) => {
      await tx.putLinks([{ id: 'lnk_split', kind: 'different', a: q1, b: p1, origin: 'unmerge', createdAt: clock().toISOString() }])
      await recomputeRegion(tx, { touched: [q1, p1], cause: 'unmerge' }, { rules: {}, now: clock().toISOString() })
    })
    const quinnProfile = await engine.profile({ eventId: q1 })
    const report = await engine.erase({ email: 'pat@example.com' })
    expect(report).toMatchObject({ events: 1, identifiers: { email: 1 }, sharedIdentifiers: 1, profilesResynced: 1 })
    const dump = JSON.stringify(store.snapshot())
    for (const secret of ['pat@example.com', 'Pat Secret', p1]) expect(dump).not.toContain(secret)
    expect(dump).toContain('quinn@example.com')
    expect(await engine.profile({ eventId: q1 })).toEqual(quinnProfile)
    const replayed: Record<string, unknown> = {}
    for (const record of await engine.changes()) applyChange(replayed, record)
    expect(replayed).toEqual({ [quinnProfile?.id as string]: quinnProfile })
    expect(mirror).toEqual(replayed)
  })

  it('rejects the person’s old payloads as suppressed, and new events carrying their identifiers', async () => {
    const { engine, annPayloads, bridge } = await world()
    await engine.erase({ email: 'ann.lee@example.com' })
    const replay = await engine.ingest([...annPayloads, bridge])
    expect(replay.accepted).toBe(0)
    expect(replay.rejected.map((r) => r.code)).toEqual(['suppressed', 'suppressed', 'suppressed'])
    const fresh = await engine.ingest([canonical('new-sms', { channel: 'sms', occurredAt: at(25), identifiers: [{ kind: 'phone', value: '+1 415 555 0100' }] })])
    expect(fresh.rejected[0]).toMatchObject({ code: 'suppressed', path: ['identifiers', 0] })
    expect(await engine.profile({ phone: '+14155550100' })).toBeUndefined()
    expect(await engine.canContact({ phone: '+14155550100' }, { channel: 'sms', purpose: 'service' })).toEqual({ allowed: false, reason: 'erased' })
  })

  it('leaves other customers untouched', async () => {
    const { engine, bobId } = await world()
    const bob = await engine.profile({ eventId: bobId })
    const bobTimeline = await engine.timeline({ email: 'bob@example.com' })
    await engine.erase({ email: 'ann.lee@example.com' })
    expect(await engine.profile({ eventId: bobId })).toEqual(bob)
    expect(await engine.timeline({ email: 'bob@example.com' })).toEqual(bobTimeline)
  })

  it('changes nothing on a dry run and reports what it would erase', async () => {
    const { store, engine, seen } = await world()
    const before = store.snapshot()
    const count = seen.length
    const dry = await engine.erase({ email: 'ann.lee@example.com' }, { dryRun: true })
    expect(store.snapshot()).toEqual(before)
    expect(seen).toHaveLength(count)
    const real = await engine.erase({ email: 'ann.lee@example.com' })
    expect({ ...dry, dryRun: false, changesRedacted: 0 }).toEqual({ ...real, changesRedacted: 0 })
  })

  it('admits a released identifier again, and old payloads only when the whole erasure is released', async () => {
    const { engine, annPayloads } = await world()
    const report = await engine.erase({ email: 'ann.lee@example.com' })
    expect(await engine.releaseSuppression({ phone: '+14155550100' })).toEqual({ released: 1 })
    const back = await engine.ingest([canonical('new-sms', { channel: 'sms', occurredAt: at(25), identifiers: [{ kind: 'phone', value: '+14155550100' }] })])
    expect(back.accepted).toBe(1)
    expect((await engine.ingest(annPayloads)).rejected.map((r) => r.code)).toEqual(['suppressed', 'suppressed'])
    expect(await engine.releaseSuppression({ erasureId: report.erasureId })).toEqual({ released: 5 })
    expect((await engine.ingest(annPayloads)).accepted).toBe(2)
  })

  it('requires a salt, a known person and a known erasure, failing with codes', async () => {
    const bare = createEngine({ clock })
    await bare.ingest([canonical('a', { identifiers: [{ kind: 'email', value: 'ann@example.com' }] })])
    await expect(bare.erase({ email: 'ann@example.com' })).rejects.toMatchObject({ code: 'invalid_options', path: ['erasure', 'salt'] })
    expect(() => createEngine({ erasure: { salt: 'short' } })).toThrow(expect.objectContaining({ code: 'invalid_options' }))
    const { engine } = await world()
    await expect(engine.erase({ email: 'zed@example.com' })).rejects.toMatchObject({ code: 'not_found' })
    await expect(engine.releaseSuppression({ erasureId: 'era_nope' })).rejects.toMatchObject({ code: 'not_found' })
    await expect(engine.erase({ email: 'ann.lee@example.com' }, { dryRun: 'yes' as unknown as boolean })).rejects.toMatchObject({ code: 'invalid_options', path: ['options', 'dryRun'] })
  })

  it('fails closed when an engine without the salt opens a store holding erasures', async () => {
    const { store, engine, annPayloads } = await world()
    await engine.erase({ email: 'ann.lee@example.com' })
    const careless = createEngine({ store, clock, context: CONTEXT })
    const report = await careless.ingest(annPayloads)
    expect(report.accepted).toBe(0)
    expect(report.rejected.every((r) => r.code === 'suppressed')).toBe(true)
  })
})
