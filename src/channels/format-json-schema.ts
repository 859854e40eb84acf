import { z } from 'zod'
import { ThroughlineError } from '../errors.js'
import { ADAPTERS } from './registry.js'

/**
 * JSON Schema (draft 2020-12) of a format's raw payload, as a provider would send it, for
 * callers that validate or document webhooks without TypeScript. Parts JSON Schema cannot say
 * (a `Uint8Array` raw email, refinements such as "parses as a date") are left open.
 * @param format a format id from `FORMATS`
 * @throws ThroughlineError `unknown_format`
 * @example formatJsonSchema('twilio.sms').properties.MessageSid
 */
export function formatJsonSchema(format: string): Record<string, unknown> {
  const adapter = ADAPTERS.get(format)
  if (!adapter) {
    throw new ThroughlineError('unknown_format', 'channels', `unknown format "${format}"`, {
      issues: [{ code: 'unknown_format', path: ['format'], message: `unknown format "${format}"` }],
    })
  }
  // `io: 'input'` describes what the provider sends, before transforms (string ids, "0.08" seconds).
  return z.toJSONSchema(adapter.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
}
