import { describe, expect, it } from 'vitest'
import { createEngine } from '../../src/index.js'
import { CONTEXT, fixedClock } from '../helpers/fixtures.js'
import { exactNameBirthDateMatcher, message, record } from '../helpers/identity-fixtures.js'
import { usePglite } from '../helpers/pglite.js'

// The identity guards keep their state in the Store contract only (links, meta, evidence), so
// they must behave the same on PostgreSQL; PGlite runs the real SQL in process.
const pglite = usePglite('identity')

async function engineOnPglite() {
  const store = await pglite.freshStore()
  return createEngine({ context: CONTEXT, clock: fixedClock, store, identity: { matcher: exactNameBirthDateMatcher() } })
}

describe('identity guards on the PostgreSQL store', () => {
  it('keeps a shared landline from joining two people, and explains why', async () => {
    const engine = await engineOnPglite()
    await engine.ingest([
      record('ann', 1, { phone: '+14155550100', email: 'ann@example.com' }, { name: 'Ann Lee' }),
      record('bob', 2, { phone: '+14155550100', email: 'bob@example.com' }, { name: 'Bob Lee' }),
    ])
    expect(await engine.store.listProfiles()).toHaveLength(2)
    const why = await engine.explain({ email: 'ann@example.com' }, { email: 'bob@example.com' })
    expect(why?.shared?.[0]?.reason).toBe('name_conflict')
  })

  it('stores suggestions, accepts them as links, and remembers an unmerge', async () => {
    const engine = await engineOnPglite()
    const ann = { name: 'Ann Lee', birthDate: '1990-04-02' }
    const { eventIds } = await engine.ingest([
      record('r1', 1, { email: 'ann.lee@example.com' }, ann),
      record('r2', 2, { email: 'ann.lee@exmaple.com' }, ann),
      message('m1', 3, { email: 'ann.lee@example.com' }, { name: 'Ann Lee' }),
    ])
    const [open] = await engine.suggestions({ status: 'open' })
    expect(open?.score).toBe(0.93)
    await engine.acceptSuggestion(open?.id as string)
    expect((await engine.profile(eventIds[1] as string))?.eventCount).toBe(3)
    await engine.unmerge(eventIds[0] as string, { eventIds: [eventIds[1] as string] })
    await engine.ingest([message('m2', 4, { email: 'ann.lee@exmaple.com' }, { name: 'Ann Lee' })])
    expect((await engine.profile(eventIds[0] as string))?.eventCount).toBe(2)
    expect((await engine.profile(eventIds[1] as string))?.eventCount).toBe(2)
  })
})
