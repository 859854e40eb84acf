import { PassThrough } from 'node:stream'
import { main } from '../../src/cli/main.js'

/** In-memory stdout and stderr for `main`; `tty` makes stderr look like a terminal to cli-progress. */
export function captureIo(options: { tty?: boolean } = {}) {
  const stdout = new PassThrough()
  const stderr = Object.assign(new PassThrough(), options.tty ? { isTTY: true, columns: 100 } : {})
  const out: string[] = []
  const err: string[] = []
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()))
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()))
  return { io: { stdout, stderr, isTTY: options.tty ?? false }, out: () => out.join(''), err: () => err.join('') }
}

/** Runs the CLI on `argv` and returns its exit code with what it wrote. */
export async function run(argv: readonly string[], options: { tty?: boolean } = {}) {
  const { io, out, err } = captureIo(options)
  const code = await main(argv, io)
  // PassThrough delivers 'data' asynchronously; let it drain before reading.
  await new Promise((resolve) => setImmediate(resolve))
  return { code, stdout: out(), stderr: err() }
}

const event = (id: string, fields: Record<string, unknown>) => ({ direction: 'inbound', actor: { role: 'customer' }, source: { system: 'test', id }, ...fields })

/** Ann over email, a CRM record and SMS (one person by shared identifiers), and Bob on the web. */
export const EVENTS = [
  event('crm-1', {
    type: 'record',
    channel: 'crm',
    occurredAt: '2024-04-01T09:00:00Z',
    identifiers: [
      { kind: 'email', value: 'ann@example.com' },
      { kind: 'phone', value: '+14155550123' },
      { kind: 'crm', value: 'hubspot:1001' },
    ],
    traits: { name: 'Ann Lee' },
  }),
  event('mail-1', {
    channel: 'email',
    occurredAt: '2024-04-02T10:00:00Z',
    identifiers: [{ kind: 'email', value: 'Ann@Example.com' }],
    content: { subject: 'Refund for order 1001', text: 'The blender arrived broken. Can I get a refund?' },
  }),
  event('sms-1', {
    channel: 'sms',
    occurredAt: '2024-04-03T11:00:00Z',
    identifiers: [{ kind: 'phone', value: '+14155550123' }],
    content: { text: 'Any news on my refund?' },
  }),
  event('web-1', {
    channel: 'web',
    occurredAt: '2024-04-04T12:00:00Z',
    identifiers: [{ kind: 'email', value: 'bob@example.net' }],
    traits: { name: 'Bob Stone' },
  }),
]

export const CONTEXT = { ownPhones: ['+14155550100'], ownEmails: ['support@acme.example'] }

export const ndjson = (lines: readonly unknown[]) => `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`
