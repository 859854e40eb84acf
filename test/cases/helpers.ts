import { type CustomerEvent, type CustomerEventInput, parseEvent } from '../../src/events/index.js'

let counter = 0

/** A canonical event with sensible defaults; `id` from `source` as the engine would derive it. */
export function ev(overrides: Partial<CustomerEventInput> & { at: string; text?: string; key?: string }): CustomerEvent {
  const { at, text, key, ...rest } = overrides
  counter++
  const input: CustomerEventInput = {
    type: 'message',
    occurredAt: at,
    channel: 'email',
    direction: 'inbound',
    actor: { role: 'customer', name: 'Ann Lee' },
    identifiers: [{ kind: 'email', value: 'ann@example.com' }],
    source: { system: 'test', id: `${at}-${counter}` },
    ...(text === undefined ? {} : { content: { text } }),
    ...(key === undefined ? {} : { thread: { key } }),
    ...rest,
  }
  const parsed = parseEvent(input)
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues))
  return parsed.event
}

export const JANE = { role: 'agent' as const, id: 'jane', name: 'Jane Ortiz' }
export const OMAR = { role: 'agent' as const, id: 'omar', name: 'Omar Haddad' }
export const BOT = { role: 'bot' as const, id: 'bot', name: 'Acme Bot' }

/** An agent reply on a channel. */
export function reply(at: string, text: string, extra: Partial<CustomerEventInput> = {}): CustomerEvent {
  return ev({ at, text, direction: 'outbound', actor: JANE, identifiers: [{ kind: 'email', value: 'ann@example.com' }], ...extra })
}
