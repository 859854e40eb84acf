import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { ThroughlineError } from '../../src/errors.js'
import { adaptAsync, createChannelContext } from '../../src/channels/index.js'
import type { CustomerEvent } from '../../src/events/index.js'

const FIXTURES = fileURLToPath(new URL('../fixtures/channels/', import.meta.url))

/** A fixture's parsed JSON; a fresh copy each call, so tests may mutate it. */
export function fixture<T = Record<string, unknown>>(name: string): NoInfer<T> {
  return JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8')) as T
}

/** A fixture's raw bytes, as a mail server would hand them over. */
export function rawFixture(name: string): Buffer {
  return readFileSync(`${FIXTURES}${name}`)
}

/** Acme: one support number, one domain, its X, Page, Instagram and WhatsApp accounts, one agent. */
export const context = createChannelContext({
  ownEmails: ['support@acme.example'],
  ownDomains: ['acme.example'],
  ownPhones: ['+1 415 555 0100'],
  ownAccounts: ['2244994945', '105478991234567', '17841400000000000', '106540352242922'],
  agents: [
    {
      id: 'agent-ana',
      name: 'Ana Agent',
      emails: ['ana@acme.example'],
      handles: ['client:ana', '2244994945', '263902037430900', '77'],
    },
  ],
})

/** Adapts (awaiting when needed) and returns the thrown ThroughlineError, failing if none. */
export async function rejection(format: string, payload: unknown): Promise<ThroughlineError> {
  try {
    await adaptAsync(format, payload, context)
  } catch (error) {
    expect(ThroughlineError.is(error)).toBe(true)
    return error as ThroughlineError
  }
  throw new Error(`${format}: expected a rejection`)
}

export function ids(events: readonly CustomerEvent[]): string[] {
  return events.map((event) => event.id)
}

/** A deep copy with the value at `path` removed or replaced. */
export function withField(payload: unknown, path: readonly (string | number)[], value?: unknown, remove = false): unknown {
  const copy = structuredClone(payload) as Record<string | number, unknown>
  let target = copy
  for (const part of path.slice(0, -1)) target = target[part] as Record<string | number, unknown>
  const last = path[path.length - 1] as string | number
  if (remove) delete target[last]
  else target[last] = value
  return copy
}
