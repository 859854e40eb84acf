import type { z } from 'zod'
import type { CustomerEventInput } from '../events/index.js'
import type { ChannelContext } from './channel-context.js'

/** What an adapter made of one payload: events, or a reason it made none. */
export interface AdapterOutput {
  readonly events: readonly CustomerEventInput[]
  /** Why a valid payload produced no event (a `ringing` callback with nothing new, a read receipt for an unknown message). */
  readonly skipped?: string
}

/**
 * One provider format: its raw-payload schema and the mapping to canonical events.
 * Adapters are pure: the same payload and context always give the same events.
 */
export interface ChannelAdapter<Schema extends z.ZodType = z.ZodType> {
  /** The format id callers pass to `adapt`, e.g. `twilio.voice.status`. */
  readonly format: string
  /** The provider payload as the provider documents it. */
  readonly schema: Schema
  readonly toEvents: (payload: z.output<Schema>, context: ChannelContext) => AdapterOutput
}

/** Declares an adapter with its payload type inferred from its schema. */
export function defineAdapter<Schema extends z.ZodType>(adapter: ChannelAdapter<Schema>): ChannelAdapter<Schema> {
  return adapter
}
