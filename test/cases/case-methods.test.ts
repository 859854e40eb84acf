import { describe, expect, it } from 'vitest'
import { createEngine, ThroughlineError } from '../../src/index.js'

const at = (iso: string) => () => new Date(iso)
const customer = { role: 'customer' as const, name: 'Ann Lee' }
const ids = [{ kind: 'email' as const, value: 'ann@example.com' }]

async function seeded() {
  let now = new Date('2026-11-17T10:00:00Z')
  const engine = createEngine({ clock: () => now })
  await engine.ingest([
    { occurredAt: '2026-11-16T09:00:00Z', channel: 'email', direction: 'inbound', actor: customer, identifiers: ids, content: { text: 'order #A-1001 arrived broken' }, source: { system: 't', id: '1' } },
    { occurredAt: '2026-11-16T10:00:00Z', channel: 'chat', direction: 'inbound', actor: customer, identifiers: ids, content: { text: 'and order #B-2002 is late' }, source: { system: 't', id: '2' } },
  ])
  return { engine, setNow: (iso: string) => void (now = new Date(iso)), lookup: { email: 'ann@example.com' } }
}

describe('engine case methods', () => {
  it('records an assignment as an action event in the log, and the case names its owner', async () => {
    const { engine, lookup } = await seeded()
    const [first] = await engine.cases(lookup)
    const result = await engine.assign(first!.id, { id: 'omar', name: 'Omar Haddad' })
    const events = await engine.events(lookup)
    expect(events.find((e) => e.id === result.eventId)).toMatchObject({ type: 'action', channel: 'system', direction: 'internal', data: { action: 'assign' } })
    const [again] = await engine.cases(lookup)
    expect(again?.owner).toMatchObject({ owner: { name: 'Omar Haddad' }, via: 'assignment' })
  })

  it('tracks an API commitment until it is marked kept', async () => {
    const { engine, lookup, setNow } = await seeded()
    const [first] = await engine.cases(lookup)
    const { commitmentId } = await engine.commit(first!.id, { what: 'Send a replacement', dueBy: '2026-11-19T17:00:00Z', promisedBy: { id: 'jane', name: 'Jane Ortiz' } })
    setNow('2026-11-20T10:00:00Z')
    expect((await engine.cases(lookup))[0]?.commitments[0]).toMatchObject({ id: commitmentId, status: 'overdue' })
    await engine.markKept(commitmentId!)
    expect((await engine.cases(lookup))[0]?.commitments[0]).toMatchObject({ status: 'kept', late: true })
  })

  it('merges two cases and undoes the merge', async () => {
    const { engine, lookup } = await seeded()
    const [a, b] = await engine.cases(lookup)
    expect(b).toBeDefined()
    const merge = await engine.mergeCases(a!.id, b!.id)
    expect(await engine.cases(lookup)).toHaveLength(1)
    await engine.undoCaseAction(merge.eventId)
    expect((await engine.cases(lookup)).map((c) => c.id)).toEqual([a!.id, b!.id])
  })

  it('splits events into a new case and resolves a case', async () => {
    const { engine, lookup } = await seeded()
    const [a, b] = await engine.cases(lookup)
    await engine.mergeCases(a!.id, b!.id)
    const [merged] = await engine.cases(lookup)
    const chat = merged!.eventIds[1]!
    await engine.splitCase(merged!.id, [chat])
    expect((await engine.cases(lookup)).map((c) => c.id)).toEqual([a!.id, b!.id])
    await engine.resolveCase(b!.id)
    expect((await engine.cases(lookup)).map((c) => c.state)).toEqual(['open', 'resolved'])
  })

  it('refuses unknown cases and malformed input with a typed error naming the path', async () => {
    const { engine } = await seeded()
    const code = async (p: Promise<unknown>) => p.then(() => 'none', (e) => (ThroughlineError.is(e) ? `${e.code} ${e.path.join('.')}` : 'other'))
    expect(await code(engine.assign('case_000000000000000000000000', { id: 'x', name: 'X' }))).toBe('not_found caseId')
    expect(await code(engine.assign('nope', { id: 'x', name: 'X' }))).toBe('invalid_options caseId')
    const lookup = { email: 'ann@example.com' }
    const [c] = await engine.cases(lookup)
    expect(await code(engine.commit(c!.id, { what: '', dueBy: 'soon', promisedBy: { id: 'j', name: 'J' } }))).toBe('invalid_options commitment.what')
    expect(await code(engine.splitCase(c!.id, ['evt_missing']))).toBe('conflict eventIds.0')
  })

  it('renders the brief through the engine clock', async () => {
    const engine = createEngine({ clock: at('2026-11-16T12:00:00Z') })
    await engine.ingest([{ occurredAt: '2026-11-16T09:00:00Z', channel: 'email', direction: 'inbound', actor: customer, identifiers: ids, content: { text: 'order #A-1001 arrived broken' }, source: { system: 't', id: '1' } }])
    const text = await engine.brief({ email: 'ann@example.com' }, { format: 'markdown' })
    expect(text).toContain('**Owner:** unassigned')
    expect(await engine.brief({ email: 'nobody@example.com' })).toBeUndefined()
  })
})
