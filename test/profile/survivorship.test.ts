import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseEvent } from '../../src/events/index.js'
import { buildProfile, DEFAULT_SURVIVORSHIP, surviveTrait, type TraitObservation } from '../../src/profile/index.js'
import { at, canonical } from '../helpers/canonical.js'

const obs = (value: TraitObservation['value'], day: number, extra: Partial<TraitObservation> = {}): TraitObservation => ({
  value,
  eventId: `evt_${day}`,
  source: 'chatwoot',
  type: 'message',
  channel: 'chat',
  at: at(day),
  ...extra,
})

function profileOf(inputs: ReturnType<typeof canonical>[], options = {}) {
  return buildProfile(
    'prf_x',
    inputs.map((i) => {
      const parsed = parseEvent(i)
      if (!parsed.success) throw new Error(JSON.stringify(parsed.issues))
      return parsed.event
    }),
    options,
  )
}

describe('surviveTrait', () => {
  it('takes the latest value under mostRecent, and a later blank clears the field', () => {
    expect(surviveTrait([obs('Flat 2', 1), obs('Flat 3', 2)], 'mostRecent')?.observation.value).toBe('Flat 3')
    expect(surviveTrait([obs('Flat 2', 1), obs(null, 2)], 'mostRecent')).toBeUndefined()
  })

  it('keeps the latest non-empty value under neverEmpty', () => {
    const survivor = surviveTrait([obs('Leeds', 1), obs('York', 2), obs(null, 3)], 'neverEmpty')
    expect(survivor).toEqual({ observation: obs('York', 2), rule: 'neverEmpty' })
  })

  it('keeps the earliest non-empty value under firstSeen', () => {
    expect(surviveTrait([obs(null, 1), obs('annlee', 2), obs('ann_l', 3)], 'firstSeen')?.observation.value).toBe('annlee')
  })

  it('keeps the value given most often under mostFrequent, ties going to the latest', () => {
    expect(surviveTrait([obs('1980-02-01', 1), obs('1980-01-02', 2), obs('1980-02-01', 3)], 'mostFrequent')?.observation).toEqual(obs('1980-02-01', 3))
    expect(surviveTrait([obs('1980-02-01', 1), obs('1980-01-02', 2)], 'mostFrequent')?.observation.value).toBe('1980-01-02')
  })

  it('prefers the best-ranked source under sourcePriority, whatever its age', () => {
    const rule = { rule: 'sourcePriority' as const, sources: ['hubspot', 'type:record'] }
    const list = [obs('Robert Lee', 1, { source: 'hubspot.contacts', type: 'record', channel: 'crm' }), obs('Bob', 5), obs('R. Lee', 3, { source: 'csv', type: 'record', channel: 'crm' })]
    expect(surviveTrait(list, rule)).toEqual({ observation: list[0], rule: 'sourcePriority' })
    expect(surviveTrait(list.slice(1), rule)?.observation.value).toBe('R. Lee')
  })

  it('falls back to its then-rule when no listed source gave a value', () => {
    expect(surviveTrait([obs('Bob', 1), obs('Bobby', 2)], { rule: 'sourcePriority', sources: ['hubspot'], then: 'firstSeen' })).toEqual({ observation: obs('Bob', 1), rule: 'firstSeen' })
  })
})

describe('buildProfile', () => {
  it('lets a CRM record outrank a name stated later in chat, with provenance', () => {
    const profile = profileOf([
      canonical('crm-1', { type: 'record', channel: 'crm', system: 'hubspot', occurredAt: at(1), identifiers: [{ kind: 'email', value: 'ann@example.com', grade: 'record' }], traits: { name: 'Ann Lee' } }),
      canonical('chat-1', { channel: 'chat', system: 'chatwoot', occurredAt: at(5), identifiers: [{ kind: 'email', value: 'ann@example.com' }], traits: { name: 'annie' } }),
    ])
    expect(profile.traits.name).toEqual({ value: 'Ann Lee', rule: 'sourcePriority', eventId: expect.stringMatching(/^evt_/), source: 'hubspot', at: at(1) })
  })

  it('takes the birth date given most often, so one typo does not win', () => {
    const profile = profileOf([
      canonical('a', { occurredAt: at(1), traits: { birthDate: '1980-02-01' } }),
      canonical('b', { occurredAt: at(2), traits: { birthDate: '1980-02-01' } }),
      canonical('c', { occurredAt: at(3), traits: { birthDate: '1980-01-02' } }),
    ])
    expect(profile.traits.birthDate).toMatchObject({ value: '1980-02-01', rule: 'mostFrequent', at: at(2) })
  })

  it('ignores traits of outbound messages and trims the values it keeps', () => {
    const profile = profileOf([
      canonical('a', { occurredAt: at(1), traits: { city: ' Leeds ' } }),
      canonical('b', { occurredAt: at(2), direction: 'outbound', actor: { role: 'agent', id: 'jane' }, traits: { city: 'Paris' } }),
    ])
    expect(profile.traits.city).toMatchObject({ value: 'Leeds', rule: 'neverEmpty' })
  })

  it('applies rules passed in options over the defaults', () => {
    const inputs = [canonical('a', { occurredAt: at(1), traits: { city: 'Leeds' } }), canonical('b', { occurredAt: at(2), traits: { city: 'York' } })]
    expect(profileOf(inputs, { survivorship: { fields: { city: 'firstSeen' } } }).traits.city?.value).toBe('Leeds')
    expect(profileOf(inputs, { survivorship: { default: 'firstSeen' } }).traits.city?.value).toBe('York')
    expect(profileOf([canonical('c', { traits: { shoeSize: 42 } })], { survivorship: { default: 'firstSeen' } }).traits.shoeSize?.rule).toBe('firstSeen')
  })

  it('returns a frozen snapshot that does not depend on event order', () => {
    const inputs = [canonical('a', { occurredAt: at(1), traits: { language: 'fr' } }), canonical('b', { occurredAt: at(2), traits: { language: 'en' } }), canonical('c', { occurredAt: at(3), traits: { language: 'fr' } })]
    const one = profileOf(inputs)
    expect(Object.isFrozen(one)).toBe(true)
    expect(Object.isFrozen(one.traits)).toBe(true)
    expect(profileOf([...inputs].reverse())).toEqual(one)
  })

  it('documents a default for every well-known trait', () => {
    for (const name of ['name', 'givenName', 'familyName', 'birthDate', 'street', 'city', 'postcode', 'state', 'country', 'company', 'username', 'language']) {
      expect(DEFAULT_SURVIVORSHIP[name], name).toBeDefined()
    }
  })
})

describe('buildProfile (property)', () => {
  it('builds the same profile from any order of the same events', () => {
    const eventArb = fc.record({
      day: fc.integer({ min: 1, max: 28 }),
      type: fc.constantFrom('message' as const, 'record' as const),
      traits: fc.dictionary(fc.constantFrom('name', 'birthDate', 'city', 'address2', 'username', 'language'), fc.constantFrom('a', 'b', '', null)),
      consent: fc.array(fc.record({ channel: fc.constantFrom('sms' as const, 'email' as const, 'any' as const), purpose: fc.constantFrom('service' as const, 'marketing' as const, 'any' as const), granted: fc.boolean() }), { maxLength: 2 }),
    })
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 10 }).chain((specs) => fc.tuple(fc.constant(specs), fc.shuffledSubarray(specs.map((_, i) => i), { minLength: specs.length }))), ([specs, order]) => {
        const inputs = specs.map((s, i) => canonical(`k${i}`, { occurredAt: at(s.day), type: s.type, traits: s.traits, consent: s.consent }))
        expect(profileOf(order.map((i) => inputs[i] as (typeof inputs)[number]))).toEqual(profileOf(inputs))
      }),
    )
  })
})
