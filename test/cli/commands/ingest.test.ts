import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { type IngestIO, type IngestTarget, runIngest } from '../../../src/cli/commands/ingest.js'
import type { CustomerEvent } from '../../../src/events/index.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/channels/', import.meta.url))
let dir = ''

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'throughline-ingest-'))
  const json = async (name: string) => JSON.parse(await readFile(join(FIXTURES, name), 'utf8')) as unknown
  const lines = [
    { format: 'twilio.sms', payload: await json('twilio-sms-inbound.json') },
    { format: 'x.post', payload: await json('x-post-array.json') },
    '',
    { format: 'twilio.sms', payload: { ...((await json('twilio-sms-inbound.json')) as object), From: 42 } },
    'this is not json',
    { format: 'fax.machine', payload: {} },
    { format: 'email.rfc5322', payload: await readFile(join(FIXTURES, 'email-original.eml'), 'utf8') },
    { occurredAt: '2024-05-01T00:00:00Z', channel: 'web', direction: 'inbound', actor: { role: 'customer' }, identifiers: [{ kind: 'email', value: 'Ann@Example.net' }], source: { system: 'web', id: 'form-1' } },
    { format: 'twilio.voice.status', payload: { ...((await json('twilio-voice-ringing.json')) as object), Timestamp: undefined } },
  ]
  await writeFile(join(dir, 'events.ndjson'), lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'))
  await writeFile(join(dir, 'context.json'), JSON.stringify({ ownPhones: ['+14155550100'], ownEmails: ['support@acme.example'], ownAccounts: ['2244994945'] }))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function harness(options: { isTTY?: boolean; target?: IngestTarget } = {}) {
  const out: string[] = []
  const err: string[] = []
  const io: IngestIO = {
    stdout: { write: (chunk: string) => out.push(chunk) },
    // A terminal-like stderr: cli-progress draws only on streams that say they are TTYs.
    stderr: Object.assign({ write: (chunk: string) => err.push(chunk) }, options.isTTY ? { isTTY: true, columns: 100 } : {}),
    isTTY: options.isTTY ?? false,
    ...(options.target ? { engineFactory: () => options.target as IngestTarget } : {}),
  }
  return { io, out, err }
}

/** A stand-in for `engine.ingest` that only collects what it is given. */
function collector() {
  const received: CustomerEvent[] = []
  const target: IngestTarget = {
    async ingest(events) {
      received.push(...events)
      return { accepted: events.length }
    },
  }
  return { received, target }
}

describe('runIngest', () => {
  it('adapts every good line, hands the events to ingest and reports each rejected line', async () => {
    const { received, target } = collector()
    const { io, out, err } = harness({ target })
    const code = await runIngest([join(dir, 'events.ndjson'), '--context', join(dir, 'context.json')], io)
    // Rejected lines are bad input: exit 2, though the good lines were handed over.
    expect(code).toBe(2)
    // 1 SMS + 2 posts + 1 email + 1 canonical event.
    expect(received).toHaveLength(5)
    expect(received.map((e) => e.channel)).toEqual(['sms', 'x', 'x', 'email', 'web'])
    expect(err.join('')).toContain('line 4: invalid_payload at payload.From')
    expect(err.join('')).toContain('line 5: invalid_payload')
    expect(err.join('')).toContain('line 6: unknown_format at format')
    expect(out.join('')).toContain('ingested 5 event(s)')
  })

  it('reports line, code, path and message as JSON with --json', async () => {
    const { target } = collector()
    const { io, out } = harness({ target })
    await runIngest([join(dir, 'events.ndjson'), '--context', join(dir, 'context.json'), '--json'], io)
    const report = JSON.parse(out.join(''))
    expect(report).toMatchObject({ lines: 9, events: 5, dryRun: false, batches: [{ accepted: 5 }] })
    expect(report.rejected.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([
      [4, 'invalid_payload'],
      [5, 'invalid_payload'],
      [6, 'unknown_format'],
    ])
    expect(report.rejected[0].path).toEqual(['payload', 'From'])
    expect(report.skipped).toEqual([{ line: 9, reason: expect.stringContaining('Timestamp') }])
  })

  it('is a dry run without an engine, and draws a progress bar on a terminal', async () => {
    const { io, out, err } = harness({ isTTY: true })
    await runIngest([join(dir, 'events.ndjson'), '--context', join(dir, 'context.json')], io)
    expect(out.join('')).toContain('dry run')
    expect(err.join('')).toContain('ingest [')
    // Rejects are printed after the bar, not through it.
    expect(err.join('').lastIndexOf('line 6:')).toBeGreaterThan(err.join('').lastIndexOf('ingest ['))
  })

  it('exits 2 with usage on missing arguments or an unreadable context', async () => {
    const usage = harness()
    expect(await runIngest([join(dir, 'events.ndjson')], usage.io)).toBe(2)
    expect(usage.err.join('')).toContain('usage: throughline ingest')
    const unreadable = harness()
    expect(await runIngest([join(dir, 'events.ndjson'), '--context', join(dir, 'missing.json')], unreadable.io)).toBe(2)
    await writeFile(join(dir, 'bad-context.json'), JSON.stringify({ ownEmails: 'support@acme.example' }))
    const invalid = harness()
    expect(await runIngest([join(dir, 'events.ndjson'), '--context', join(dir, 'bad-context.json')], invalid.io)).toBe(2)
    expect(invalid.err.join('')).toContain('context.ownEmails')
  })
})
