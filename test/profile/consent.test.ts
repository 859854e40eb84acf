import { describe, expect, it } from 'vitest'
import { createEngine, ThroughlineError } from '../../src/index.js'
import { at, canonical } from '../helpers/canonical.js'

const clock = () => new Date('2026-11-20T12:00:00Z')
const ann = [{ kind: 'email' as const, value: 'ann@example.com' }, { kind: 'phone' as const, value: '+14155550100' }]

async function annEngine(options: Parameters<typeof createEngine>[0] = {}) {
  const engine = createEngine({ clock, ...options })
  await engine.ingest([
    canonical('crm', { type: 'record', channel: 'crm', direction: 'internal', system: 'hubspot', occurredAt: at(1), identifiers: ann, traits: { name: 'Ann Lee' } }),
    canonical('mail-1', { occurredAt: at(2), identifiers: [{ kind: 'email', value: 'ann@example.com' }] }),
  ])
  return engine
}

describe('consent', () => {
  it('applies an SMS STOP to email marketing of the same person', async () => {
    const engine = await annEngine()
    await engine.setConsent({ email: 'ann@example.com' }, { channel: 'email', purpose: 'marketing', granted: true, source: 'preference-center' })
    expect(await engine.canContact({ email: 'ann@example.com' }, { channel: 'email', purpose: 'marketing' })).toMatchObject({ allowed: true, reason: 'opted_in' })
    const stop = canonical('sms-stop', { channel: 'sms', system: 'twilio.sms', occurredAt: '2026-11-21T08:00:00.000Z', identifiers: [{ kind: 'phone', value: '+14155550100' }], consent: [{ channel: 'sms', purpose: 'any', granted: false }] })
    const report = await engine.ingest([stop])
    const decision = await engine.canContact({ email: 'ann@example.com' }, { channel: 'email', purpose: 'marketing' })
    expect(decision).toEqual({ allowed: false, reason: 'opted_out', since: '2026-11-21T08:00:00.000Z', eventId: report.eventIds[0] })
    // A STOP to service texts stays on SMS: the email about her own order may still go out.
    expect(await engine.canContact({ phone: '+14155550100' }, { channel: 'sms', purpose: 'service' })).toMatchObject({ allowed: false, reason: 'opted_out' })
    expect(await engine.canContact({ phone: '+14155550100' }, { channel: 'email', purpose: 'service' })).toMatchObject({ allowed: true, reason: 'default_allowed' })
  })

  it('lets an opt-in after an opt-out allow that channel again, and only that one', async () => {
    let now = new Date('2026-11-20T12:00:00Z')
    const engine = await annEngine({ clock: () => now })
    await engine.setConsent({ email: 'ann@example.com' }, { channel: 'any', purpose: 'marketing', granted: false })
    now = new Date('2026-11-22T12:00:00Z')
    const { eventId, profile } = await engine.setConsent({ phone: '+14155550100' }, { channel: 'email', purpose: 'marketing', granted: true })
    expect(await engine.canContact({ email: 'ann@example.com' }, { channel: 'email', purpose: 'marketing' })).toEqual({ allowed: true, reason: 'opted_in', since: now.toISOString(), eventId })
    expect(await engine.canContact({ email: 'ann@example.com' }, { channel: 'sms', purpose: 'marketing' })).toMatchObject({ allowed: false, reason: 'opted_out' })
    expect(profile.consent.email?.marketing).toEqual({ granted: true, channel: 'email', at: now.toISOString(), eventId, source: 'throughline.api' })
  })

  it('lets do-not-contact win over every consent until it is lifted', async () => {
    let now = new Date('2026-11-20T12:00:00Z')
    const engine = await annEngine({ clock: () => now })
    await engine.setConsent({ email: 'ann@example.com' }, { channel: 'email', purpose: 'marketing', granted: true })
    now = new Date('2026-11-21T12:00:00Z')
    const dnc = await engine.doNotContact({ email: 'ann@example.com' }, { actor: { role: 'agent', id: 'jane' } })
    now = new Date('2026-11-22T12:00:00Z')
    await engine.setConsent({ email: 'ann@example.com' }, { channel: 'email', purpose: 'marketing', granted: true })
    for (const purpose of ['service', 'marketing'] as const) {
      expect(await engine.canContact({ email: 'ann@example.com' }, { channel: 'voice', purpose })).toEqual({ allowed: false, reason: 'do_not_contact', since: '2026-11-21T12:00:00.000Z', eventId: dnc.eventId })
    }
    now = new Date('2026-11-23T12:00:00Z')
    await engine.doNotContact({ email: 'ann@example.com' }, { value: false })
    expect(await engine.canContact({ email: 'ann@example.com' }, { channel: 'email', purpose: 'marketing' })).toMatchObject({ allowed: true, reason: 'opted_in' })
  })

  it('answers with a reason for people without consent, unknown people and configured defaults', async () => {
    const engine = await annEngine()
    expect(await engine.canContact({ email: 'ann@example.com' }, { channel: 'email', purpose: 'marketing' })).toEqual({ allowed: false, reason: 'no_consent' })
    expect(await engine.canContact({ email: 'ann@example.com' }, { channel: 'email', purpose: 'service' })).toEqual({ allowed: true, reason: 'default_allowed' })
    expect(await engine.canContact({ email: 'nobody@example.com' }, { channel: 'email', purpose: 'service' })).toEqual({ allowed: false, reason: 'unknown_person' })
    const strict = await annEngine({ profile: { consent: { defaults: { service: false } } } })
    expect(await strict.canContact({ email: 'ann@example.com' }, { channel: 'email', purpose: 'service' })).toEqual({ allowed: false, reason: 'no_consent' })
  })

  it('rejects a malformed query and a person it does not know, with codes', async () => {
    const engine = await annEngine()
    await expect(engine.canContact({ email: 'ann@example.com' }, { channel: 'system' as 'email', purpose: 'marketing' })).rejects.toMatchObject({ code: 'invalid_options', path: ['query', 'channel'] })
    await expect(engine.setConsent({ email: 'ann@example.com' }, { channel: 'email', purpose: 'marketing', granted: true, actor: { role: 'customer' } as never })).rejects.toMatchObject({ code: 'invalid_options', path: ['change', 'actor', 'role'] })
    const error = await engine.setConsent({ email: 'zed@example.com' }, { channel: 'email', purpose: 'marketing', granted: true }).catch((e: unknown) => e)
    expect(ThroughlineError.is(error) && error.code).toBe('not_found')
  })

  it('stores API changes as action events in the person’s log, idempotent when retried', async () => {
    const engine = await annEngine()
    const first = await engine.setConsent({ email: 'ann@example.com' }, { channel: 'email', purpose: 'marketing', granted: false })
    const again = await engine.setConsent({ email: 'ann@example.com' }, { channel: 'email', purpose: 'marketing', granted: false })
    expect(again.eventId).toBe(first.eventId)
    expect((await engine.changes()).at(-1)).toMatchObject({ op: 'update', cause: 'consent' })
    const events = await engine.events({ email: 'ann@example.com' })
    const action = events.find((e) => e.id === first.eventId)
    expect(action).toMatchObject({ type: 'action', channel: 'system', direction: 'internal', actor: { role: 'system' }, source: { system: 'throughline.api' }, occurredAt: '2026-11-20T12:00:00.000Z', consent: [{ channel: 'email', purpose: 'marketing', granted: false }], data: { action: 'consent' } })
    expect(events.map((e) => e.id)).toContain(action?.about)
    expect(events).toHaveLength(3)
  })
})

describe('preferred channel', () => {
  it('learns the channel of most inbound contacts in the 90 days before the latest one, ties by recency', async () => {
    const engine = createEngine({ clock })
    const phone = [{ kind: 'phone' as const, value: '+14155550100' }]
    await engine.ingest([
      // Old habits outside the window do not count.
      ...[1, 2, 3, 4].map((d) => canonical(`old-${d}`, { channel: 'email', occurredAt: `2026-0${d}-01T10:00:00.000Z`, identifiers: phone })),
      canonical('sms-1', { channel: 'sms', occurredAt: at(10), identifiers: phone }),
      canonical('wa-1', { channel: 'whatsapp', occurredAt: at(12), identifiers: phone }),
      canonical('out', { channel: 'email', direction: 'outbound', actor: { role: 'agent', id: 'jane' }, occurredAt: at(13), identifiers: phone }),
    ])
    const profile = await engine.profile({ phone: '+14155550100' })
    expect(profile?.preferredChannel).toMatchObject({ channel: 'whatsapp', basis: 'learned', at: at(12) })
    await engine.ingest([canonical('sms-2', { channel: 'sms', occurredAt: at(14), identifiers: phone })])
    expect((await engine.profile({ phone: '+14155550100' }))?.preferredChannel).toMatchObject({ channel: 'sms', basis: 'learned', at: at(14) })
  })

  it('is overridden by an explicit choice, and learned again when the choice is cleared', async () => {
    let now = new Date('2026-11-20T12:00:00Z')
    const engine = await annEngine({ clock: () => now })
    const set = await engine.setPreferredChannel({ email: 'ann@example.com' }, 'voice', { source: 'agent-desktop' })
    expect(set.profile.preferredChannel).toEqual({ channel: 'voice', basis: 'explicit', at: now.toISOString(), eventId: set.eventId, source: 'agent-desktop' })
    now = new Date('2026-11-21T12:00:00Z')
    const cleared = await engine.setPreferredChannel({ email: 'ann@example.com' }, null)
    expect(cleared.profile.preferredChannel).toMatchObject({ channel: 'email', basis: 'learned' })
  })
})
