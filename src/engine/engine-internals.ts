import { z } from 'zod'
import type { ChannelContext } from '../channels/index.js'
import type { Clock } from '../clock.js'
import { ThroughlineError, issuesFromZod } from '../errors.js'
import type { IdentityRules } from '../identity/index.js'
import { type ProfileOptions, ProfileOptionsSchema } from '../profile/index.js'
import type { Store } from '../store/index.js'
import type { ChangeFeed, ErrorReporter } from './change-feed.js'
import type { IngestOptions, IngestReport } from './ingest.js'
import type { RecomputeDeps } from './recompute.js'

/**
 * Erasure settings. The salt keys the hashes that suppression records keep of an erased
 * person's identifiers: without it, anyone holding a store dump could hash every phone number
 * (a space of a few billion) or a list of emails and learn who asked to be forgotten. It lives
 * in the engine options (a secret store, an env variable), never in the store it protects, and
 * must stay the same for the life of the store: a new salt forgets every suppression.
 */
export interface ErasureOptions {
  /** At least 16 characters of secret. */
  readonly salt: string
}

/** Engine options read by the profile, consent, feed and erasure methods. */
export interface ProfileEngineOptions {
  readonly profile?: ProfileOptions
  readonly erasure?: ErasureOptions
  /** Where failures that must not break a write go (a change subscriber that threw). Default: a process warning. */
  readonly onError?: ErrorReporter
}

const ProfileEngineOptionsSchema = z.object({
  profile: ProfileOptionsSchema.optional(),
  erasure: z.strictObject({ salt: z.string().min(16, 'the salt needs at least 16 characters') }).optional(),
  onError: z.custom<ErrorReporter>((f) => typeof f === 'function', 'expected a function').optional(),
})

/**
 * Checks the options these methods read.
 * @throws ThroughlineError `invalid_options` naming the option and the reason
 */
export function checkProfileEngineOptions(options: unknown): void {
  const checked = ProfileEngineOptionsSchema.safeParse(options)
  if (!checked.success) {
    throw new ThroughlineError('invalid_options', 'engine', 'invalid engine options', { issues: issuesFromZod('invalid_options', checked.error.issues) })
  }
}

/** What `createEngine` shares with the method factories it spreads into the engine. */
export interface EngineInternals {
  /** The observed store: transactions on it publish to subscribers. */
  readonly store: Store
  readonly context: ChannelContext
  readonly clock: Clock
  readonly rules: IdentityRules
  readonly options: ProfileEngineOptions
  readonly feed: ChangeFeed
  /** What every recompute needs, profile options included: any caller of `recomputeRegion` should use it. */
  recomputeDeps(): RecomputeDeps
  /** The engine's own ingest, so API actions enter the event log like any other event. */
  ingest(inputs: readonly unknown[], options?: IngestOptions): Promise<IngestReport>
}
