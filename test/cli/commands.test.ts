import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTEXT, EVENTS, ndjson, run } from './cli-harness.js'

let dir = ''
let state = ''
let events = ''
let context = ''

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'throughline-cli-'))
  state = join(dir, 'state.json')
  events = join(dir, 'events.ndjson')
  context = join(dir, 'context.json')
  await writeFile(events, ndjson(EVENTS))
  await writeFile(context, JSON.stringify(CONTEXT))
  const ingested = await run(['ingest', events, '--context', context, '--state', state])
  expect(ingested.stderr).toBe('')
  expect(ingested.code).toBe(0)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('throughline ingest', () => {
  it('stores the events in the state file and reports them', async () => {
    const snapshot = JSON.parse(await readFile(state, 'utf8'))
    expect(snapshot.format).toBe('throughline.memory')
    expect(snapshot.events).toHaveLength(4)
    expect(snapshot.profiles).toHaveLength(2)
  })

  it('is idempotent: ingesting the file again adds nothing, and --json reports the duplicates', async () => {
    const again = await run(['ingest', events, '--context', context, '--state', state, '--json'])
    expect(again.code).toBe(0)
    const report = JSON.parse(again.stdout)
    expect(report).toMatchObject({ lines: 4, events: 4, dryRun: false, rejected: [] })
    expect(report.batches[0]).toMatchObject({ accepted: 0, duplicates: 4 })
    expect(JSON.parse(await readFile(state, 'utf8')).events).toHaveLength(4)
  })

  it('exits 2 naming the file, line and field of a bad line, and still stores the good ones', async () => {
    const bad = join(dir, 'bad.ndjson')
    const badState = join(dir, 'bad-state.json')
    await writeFile(bad, ndjson([EVENTS[0], { ...(EVENTS[1] as object), channel: 'pigeon' }, '{not json']))
    const result = await run(['ingest', bad, '--context', context, '--state', badState])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${bad} line 2: invalid_event at channel`)
    expect(result.stderr).toContain(`${bad} line 3: invalid_payload`)
    expect(JSON.parse(await readFile(badState, 'utf8')).events).toHaveLength(1)
  })

  it('exits 2 for a missing --context or an invalid one, naming the field', async () => {
    const missing = await run(['ingest', events, '--state', state])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('missing --context')
    const badContext = join(dir, 'bad-context.json')
    await writeFile(badContext, JSON.stringify({ ownEmails: 'support@acme.example' }))
    const invalid = await run(['ingest', events, '--context', badContext, '--state', state])
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toContain('context.ownEmails')
  })

  it('exits 2 when the state file is not a snapshot, naming the file', async () => {
    const corrupt = join(dir, 'corrupt.json')
    await writeFile(corrupt, '{"hello":')
    const result = await run(['ingest', events, '--context', context, '--state', corrupt])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${corrupt} is not a throughline state file`)
  })

  it('draws a progress bar on a terminal, but not with --json', async () => {
    const tty = await run(['ingest', events, '--context', context, '--state', state], { tty: true })
    expect(tty.stderr).toContain('ingest [')
    const json = await run(['ingest', events, '--context', context, '--state', state, '--json'], { tty: true })
    expect(json.stderr).toBe('')
  })
})

describe('throughline profile', () => {
  it('finds one person by email, bare phone, CRM id or profile id, and prints JSON with --json', async () => {
    const byEmail = await run(['profile', 'email:ann@example.com', '--state', state, '--json'])
    expect(byEmail.code).toBe(0)
    const profile = JSON.parse(byEmail.stdout)
    expect(profile.traits.name.value).toBe('Ann Lee')
    expect(profile.channels).toEqual(expect.arrayContaining(['crm', 'email', 'sms']))
    for (const lookup of ['+1 415 555 0123', 'ANN@example.com', 'crm:hubspot:1001', profile.id, 'phone:+14155550123']) {
      const again = await run(['profile', lookup, '--state', state, '--json'])
      expect(again.code, lookup).toBe(0)
      expect(JSON.parse(again.stdout).id).toBe(profile.id)
    }
  })

  it('prints a readable profile without --json', async () => {
    const result = await run(['profile', 'ann@example.com', '--state', state])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^prf_\S+ {2}Ann Lee\n/u)
    expect(result.stdout).toContain('identifier   phone:+14155550123')
  })

  it('exits 1 when nobody matches and 2 for a lookup of no known shape', async () => {
    const unknown = await run(['profile', 'email:nobody@example.com', '--state', state])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no profile matches "email:nobody@example.com"')
    const shapeless = await run(['profile', 'ann', '--state', state])
    expect(shapeless.code).toBe(2)
    expect(shapeless.stderr).toContain('cannot tell what "ann" is')
    const invalid = await run(['profile', 'phone:12', '--state', state])
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toContain('lookup.phone')
  })

  it('exits 2 with usage for a missing lookup, an unknown option, or both --state and --pg', async () => {
    const missing = await run(['profile', '--state', state])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('missing LOOKUP')
    expect(missing.stderr).toContain('usage: throughline profile')
    const unknownOption = await run(['profile', 'ann@example.com', '--colour'])
    expect(unknownOption.code).toBe(2)
    expect(unknownOption.stderr).toContain("'--colour'")
    const both = await run(['profile', 'ann@example.com', '--state', state, '--pg', 'postgres://localhost/x'])
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('not both')
  })

  it('exits 1 naming the file when there is no state yet', async () => {
    const result = await run(['profile', 'ann@example.com', '--state', join(dir, 'nothing-here.json')])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('no state at')
  })

  it('exits 1 naming the database when PostgreSQL cannot be reached', async () => {
    const result = await run(['profile', 'ann@example.com', '--pg', 'postgres://cli:secret@127.0.0.1:1/none'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('cannot prepare PostgreSQL at postgres://cli:***@127.0.0.1:1/none')
    expect(result.stderr).not.toContain('secret')
  }, 20_000)
})

describe('throughline timeline', () => {
  it('lists the events of every channel, oldest first', async () => {
    const json = await run(['timeline', 'phone:+14155550123', '--state', state, '--json'])
    expect(json.code).toBe(0)
    const entries = JSON.parse(json.stdout)
    expect(entries.map((e: { channel: string }) => e.channel)).toEqual(['crm', 'email', 'sms'])
    const text = await run(['timeline', 'phone:+14155550123', '--state', state])
    const lines = text.stdout.trim().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[1]).toMatch(/^2024-04-02T10:00:00(\.000)?Z\s+email\s+inbound\s+message\s+customer\s+Refund for order 1001 \| The blender/u)
  })

  it('exits 1 for an unknown person', async () => {
    expect((await run(['timeline', 'x:999', '--state', state])).code).toBe(1)
  })
})

describe('throughline brief', () => {
  it('renders text by default, Markdown with --markdown and data with --json', async () => {
    const text = await run(['brief', 'ann@example.com', '--state', state, '--as-of', '2024-04-03T12:00:00Z'])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('Ann Lee')
    expect(text.stdout).not.toContain('###')
    const markdown = await run(['brief', 'ann@example.com', '--state', state, '--as-of', '2024-04-03T12:00:00Z', '--markdown'])
    expect(markdown.code).toBe(0)
    expect(markdown.stdout).toMatch(/^### /mu)
    const json = await run(['brief', 'ann@example.com', '--state', state, '--as-of', '2024-04-03T12:00:00Z', '--json'])
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toHaveProperty('cases')
  })

  it('exits 2 for an --as-of that is not an ISO instant and 1 for an unknown person', async () => {
    const bad = await run(['brief', 'ann@example.com', '--state', state, '--as-of', 'yesterday'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--as-of "yesterday"')
    expect((await run(['brief', 'evt_0000', '--state', state])).code).toBe(1)
  })
})

describe('throughline export', () => {
  it('writes one NDJSON row per profile with identifiers, channels and counts', async () => {
    const result = await run(['export', '--state', state])
    expect(result.code).toBe(0)
    const rows = result.stdout.trim().split('\n').map((line) => JSON.parse(line))
    expect(rows).toHaveLength(2)
    const ann = rows.find((row: { name: string }) => row.name === 'Ann Lee')
    expect(ann).toMatchObject({ eventCount: 3, identifierCount: 3, identifiers: expect.arrayContaining(['crm:hubspot:1001', 'email:ann@example.com']) })
  })

  it('writes CSV with a header, and a JSON array with --json', async () => {
    const csv = await run(['export', '--format', 'csv', '--state', state])
    const lines = csv.stdout.trim().split('\n')
    expect(lines[0]).toBe('id,name,identifiers,channels,event_count,identifier_count,first_seen_at,last_seen_at')
    expect(lines).toHaveLength(3)
    const json = await run(['export', '--json', '--state', state])
    expect(JSON.parse(json.stdout)).toHaveLength(2)
  })

  it('exits 2 for an unknown --format', async () => {
    const result = await run(['export', '--format', 'xml', '--state', state])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--format "xml" is not one of ndjson, csv')
  })
})

describe('throughline --help', () => {
  it.each(['ingest', 'profile', 'brief', 'timeline', 'export', 'dedupe'])('prints the usage of %s and exits 0', async (command) => {
    const result = await run([command, '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`usage: throughline ${command}`)
  })

  it('lists every command', async () => {
    const result = await run(['--help'])
    for (const command of ['ingest', 'profile', 'brief', 'timeline', 'export', 'dedupe']) expect(result.stdout).toContain(`  ${command} `)
  })
})
