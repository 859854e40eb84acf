import { describe, expect, it } from 'vitest'
import { createEngine, ThroughlineError } from '../../src/index.js'
import { CONTEXT, fixedClock } from '../helpers/fixtures.js'
import { exactNameBirthDateMatcher, record } from '../helpers/identity-fixtures.js'

const ANN = { name: 'Ann Lee', birthDate: '1990-04-02' }
/** The same customer twice in the CRM export, the second time with a typo in the address. */
const rows = [record('r1', 1, { email: 'ann.lee@example.com' }, ANN), record('r2', 2, { email: 'ann.lee@exmaple.com' }, ANN)]

describe('review queue', () => {
  it('suggests a typo’d email with matching name and birth date, with its score in explain', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock, identity: { matcher: exactNameBirthDateMatcher() } })
    await engine.ingest(rows)
    const [suggestion] = await engine.suggestions({ status: 'open' })
    expect(suggestion).toMatchObject({ score: 0.93, status: 'open', matcher: 'exact-name-dob@test' })
    expect(suggestion?.evidence.map((e) => e.field)).toEqual(['name', 'birthDate'])
    expect((await engine.profile({ email: 'ann.lee@example.com' }))?.id).not.toBe((await engine.profile({ email: 'ann.lee@exmaple.com' }))?.id)
    const why = await engine.explain({ email: 'ann.lee@example.com' }, { email: 'ann.lee@exmaple.com' })
    expect(why?.joined).toBe(false)
    expect(why?.suggestions?.[0]?.score).toBe(0.93)
  })

  it('joins the two when a person accepts the suggestion, and says so in explain', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock, identity: { matcher: exactNameBirthDateMatcher() } })
    await engine.ingest(rows)
    const [open] = await engine.suggestions()
    const accepted = await engine.acceptSuggestion(open?.id as string)
    expect(accepted.status).toBe('accepted')
    expect(await engine.suggestions({ status: 'open' })).toEqual([])
    const profile = await engine.profile({ email: 'ann.lee@exmaple.com' })
    expect(profile?.eventCount).toBe(2)
    const why = await engine.explain({ email: 'ann.lee@example.com' }, { email: 'ann.lee@exmaple.com' })
    expect(why?.path[0]?.via).toBe('link')
    expect(why?.suggestions?.[0]?.status).toBe('accepted')
  })

  it('remembers a rejection as a cannot-link that later evidence does not override', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock, identity: { matcher: exactNameBirthDateMatcher() } })
    const { eventIds } = await engine.ingest(rows)
    const [open] = await engine.suggestions()
    await engine.rejectSuggestion(open?.id as string)
    // A later row holds both addresses: the rejection still keeps the two original rows apart.
    await engine.ingest([record('r3', 3, { email: ['ann.lee@example.com', 'ann.lee@exmaple.com'] }, ANN)])
    const [r1, r2] = [await engine.profile(eventIds[0] as string), await engine.profile(eventIds[1] as string)]
    expect(r1?.id).not.toBe(r2?.id)
    await expect(engine.acceptSuggestion(open?.id as string)).rejects.toSatisfy((e) => ThroughlineError.is(e) && e.code === 'conflict')
    const why = await engine.explain(r1?.id as string, r2?.id as string)
    expect(why?.cannotLinks?.[0]).toMatchObject({ kind: 'different', origin: 'review' })
  })

  it('joins on a matcher merge decision with a match edge weaker than any identifier', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock, identity: { matcher: exactNameBirthDateMatcher('merge') } })
    await engine.ingest([rows[1], rows[0]].filter((r) => r !== undefined))
    const why = await engine.explain({ email: 'ann.lee@example.com' }, { email: 'ann.lee@exmaple.com' })
    expect(why?.joined).toBe(true)
    expect(why?.path[0]).toMatchObject({ via: 'match', score: 0.93 })
    expect(why?.path[0]?.reason).toBe('probabilistic match with score 0.93')
    expect(await engine.suggestions()).toEqual([])
  })

  it('drops an open suggestion from the queue once other evidence joins the pair', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock, identity: { matcher: exactNameBirthDateMatcher() } })
    await engine.ingest(rows)
    expect(await engine.suggestions({ status: 'open' })).toHaveLength(1)
    await engine.ingest([record('r3', 3, { email: ['ann.lee@example.com', 'ann.lee@exmaple.com'] }, ANN)])
    expect(await engine.suggestions({ status: 'open' })).toEqual([])
  })

  it('refuses to accept a suggestion that an unmerge contradicts', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock, identity: { matcher: exactNameBirthDateMatcher() } })
    const { eventIds } = await engine.ingest([...rows, record('r3', 3, { email: ['ann.lee@example.com', 'ann.lee@exmaple.com'] }, ANN)])
    await engine.unmerge(eventIds[0] as string, { eventIds: [eventIds[1] as string] })
    const [suggestion] = await engine.suggestions({ status: 'open' })
    await expect(engine.acceptSuggestion(suggestion?.id as string)).rejects.toSatisfy((e) => ThroughlineError.is(e) && e.code === 'conflict')
  })

  it('answers not_found for an unknown suggestion id', async () => {
    const engine = createEngine({ context: CONTEXT, clock: fixedClock })
    await expect(engine.acceptSuggestion('sug_nope')).rejects.toSatisfy((e) => ThroughlineError.is(e) && e.code === 'not_found')
  })
})
