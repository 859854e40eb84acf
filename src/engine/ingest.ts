import { type ChannelContext, safeAdapt } from '../channels/index.js'
import type { ErrorCode, Issue } from '../errors.js'
import { type CustomerEvent, parseEvent } from '../events/index.js'
import type { IdentityWarning } from '../identity/index.js'
import type { Store, StoreReader } from '../store/index.js'
import { type RecomputeDeps, recomputeRegion } from './recompute.js'

/** A provider payload for ingest to adapt, as in an NDJSON export: `{ format, payload }`. */
export interface FormattedPayload {
  readonly format: string
  readonly payload: unknown
}

export interface RejectedInput {
  /** Position of the input in the batch. */
  readonly index: number
  readonly code: ErrorCode
  readonly path: readonly (string | number)[]
  readonly message: string
  /** Every problem found, when there was more than one. */
  readonly issues: readonly Issue[]
}

/** What an ingest call did with each input. Nothing is dropped without a line here. */
export interface IngestReport {
  /** Events stored for the first time. */
  readonly accepted: number
  /** Events already stored with the same content, or an older revision of a stored one. */
  readonly duplicates: number
  /** Events that replaced an older revision of themselves (a call that completed). */
  readonly revised: number
  /** Valid inputs that describe no event, with the adapter's reason. */
  readonly skipped: readonly { readonly index: number; readonly reason: string }[]
  readonly rejected: readonly RejectedInput[]
  /** Ids of the events accepted or revised, in input order. */
  readonly eventIds: readonly string[]
  /** Profiles rebuilt by this call. */
  readonly profileIds: readonly string[]
  /** Findings of identity resolution, such as a value joining a giant group of events. */
  readonly warnings: readonly IdentityWarning[]
}

export interface IngestOptions {
  /** Inputs per transaction. Each transaction is atomic; a large backfill is several. Default 5,000. */
  readonly batchSize?: number
  /** The `cause` of the change records this call publishes. Default `ingest`; API actions name themselves (`consent`). */
  readonly cause?: string
}

interface Candidate {
  readonly index: number
  readonly event: CustomerEvent
}

/**
 * Which of two versions of one event is kept: the higher revision, then the larger JSON text, so
 * arrival order never decides. The text is only built on a revision tie (a redelivery), not for
 * every input: serializing each event up front cost more than the rest of deduplication.
 */
function wins(a: CustomerEvent, b: CustomerEvent): boolean {
  if (a.revision !== b.revision) return a.revision > b.revision
  return JSON.stringify(a) > JSON.stringify(b)
}

function isFormatted(input: unknown): input is FormattedPayload {
  return typeof input === 'object' && input !== null && 'format' in input && 'payload' in input && !('channel' in input)
}

function reject(index: number, issues: readonly Issue[]): RejectedInput {
  const first = issues[0] ?? { code: 'invalid_event' as const, path: [], message: 'invalid input' }
  return { index, code: first.code, path: first.path, message: first.message, issues }
}

/**
 * Validates, deduplicates and stores a batch, then rebuilds the profiles it touches. Invalid
 * inputs are reported and skipped; valid ones are applied whole.
 */
export async function ingestBatch(
  store: Store,
  inputs: readonly unknown[],
  context: ChannelContext,
  deps: RecomputeDeps & {
    readonly screen?: (events: readonly CustomerEvent[], reader: StoreReader) => Promise<Map<string, Issue>>
    /** Adds derived evidence (stated identifiers, quoted references) before an event is compared and stored. */
    readonly enrich?: (event: CustomerEvent) => CustomerEvent
  },
  options: IngestOptions = {},
): Promise<IngestReport> {
  const rejected: RejectedInput[] = []
  const skipped: { index: number; reason: string }[] = []
  const byId = new Map<string, Candidate>()
  let duplicates = 0
  for (const [index, input] of inputs.entries()) {
    const adapted = isFormatted(input) ? safeAdapt(input.format, input.payload, context) : single(parseEvent(input, context.normalize))
    // Only raw email parses asynchronously; everything else stays on the synchronous path.
    const result = adapted instanceof Promise ? await adapted : adapted
    if (!result.success) {
      rejected.push(reject(index, result.issues))
      continue
    }
    if (result.events.length === 0) skipped.push({ index, reason: ('skipped' in result && result.skipped) || 'the payload describes no event' })
    for (const parsed of result.events) {
      const event = deps.enrich ? deps.enrich(parsed) : parsed
      const candidate = { index, event }
      const seen = byId.get(event.id)
      if (!seen) byId.set(event.id, candidate)
      else {
        duplicates++
        if (wins(event, seen.event)) byId.set(event.id, candidate)
      }
    }
  }

  let accepted = 0
  let revised = 0
  const eventIds: string[] = []
  const profileIds = new Set<string>()
  const warnings = new Map<string, IdentityWarning>()
  const candidates = [...byId.values()].sort((a, b) => a.index - b.index)
  const size = Math.max(1, options.batchSize ?? 5_000)
  for (let start = 0; start < candidates.length; start += size) {
    const chunk = candidates.slice(start, start + size)
    const outcome = await store.transaction(async (tx) => {
      const stored = new Map((await tx.getEvents(chunk.map((c) => c.event.id))).map((e) => [e.id, e]))
      const screened = deps.screen ? await deps.screen(chunk.map((c) => c.event), tx) : new Map<string, Issue>()
      const fresh: Candidate[] = []
      const refused: RejectedInput[] = []
      let dup = 0
      let rev = 0
      for (const candidate of chunk) {
        const issue = screened.get(candidate.event.id)
        if (issue) {
          refused.push(reject(candidate.index, [issue]))
          continue
        }
        const old = stored.get(candidate.event.id)
        if (!old) fresh.push(candidate)
        else if (wins(candidate.event, old)) {
          fresh.push(candidate)
          rev++
        } else dup++
      }
      const result =
        fresh.length > 0
          ? await recomputeRegion(tx, { put: fresh.map((c) => c.event), cause: options.cause ?? 'ingest' }, deps)
          : { profileIds: [], warnings: [] }
      return { fresh, refused, dup, rev, profileIds: result.profileIds, warnings: result.warnings }
    })
    rejected.push(...outcome.refused)
    duplicates += outcome.dup
    revised += outcome.rev
    accepted += outcome.fresh.length - outcome.rev
    for (const c of outcome.fresh) eventIds.push(c.event.id)
    for (const id of outcome.profileIds) profileIds.add(id)
    for (const warning of outcome.warnings) warnings.set(warning.key, warning)
  }
  rejected.sort((a, b) => a.index - b.index)
  return {
    accepted,
    duplicates,
    revised,
    skipped,
    rejected,
    eventIds,
    profileIds: [...profileIds].sort(),
    warnings: [...warnings.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  }
}

function single(result: ReturnType<typeof parseEvent>) {
  return result.success ? { success: true as const, events: [result.event] } : result
}
