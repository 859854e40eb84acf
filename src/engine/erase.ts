import { z } from 'zod'
import { ThroughlineError, issuesFromZod } from '../errors.js'
import { compareText, IDENTIFIER_KINDS, type IdentifierKind, identifierKey, normalizeIdentifierValue, stableHash } from '../events/index.js'
import { isPlaceholder } from '../identity/index.js'
import type { ChangeRecord, StoreReader } from '../store/index.js'
import type { EngineInternals } from './engine-internals.js'
import { type Lookup, resolveLookup } from './lookup.js'
import { recomputeRegion } from './recompute.js'
import { SALT_CHECK_KEY, saltCheck, suppressionHash } from './suppression.js'

export interface EraseOptions {
  /** Report what would be erased and change nothing. */
  readonly dryRun?: boolean
  /** Why (a ticket number): kept in the erasure log, so write no personal data here. */
  readonly reason?: string
}

/** What an erasure removed, without any of the values it removed. */
export interface ErasureReport {
  readonly erasureId: string
  readonly dryRun: boolean
  readonly at: string
  /** Profiles whose events were erased (the person's, plus any holding an event about theirs). */
  readonly profileIds: readonly string[]
  readonly events: number
  /** Distinct identifiers erased, by kind. */
  readonly identifiers: Readonly<Partial<Record<IdentifierKind, number>>>
  /** Identifiers left unsuppressed because other people's events hold them too (a shared phone). */
  readonly sharedIdentifiers: number
  readonly links: number
  /** Suppression records written: one per erased identifier and one per erased event id. */
  readonly suppressions: number
  /** Earlier change records blanked so the feed keeps none of the person's data. */
  readonly changesRedacted: number
  /**
   * Other people's profiles whose earlier records held the person's data (they were one profile
   * before a split): their history is blanked too and a full-document `update` published.
   */
  readonly profilesResynced: number
  readonly reason?: string
}

/** What `releaseSuppression` takes: one identifier (`{ email }`, `{ phone }`, ...) or an erasure id. */
export type SuppressionTarget = Partial<Record<IdentifierKind, string>> | { readonly erasureId: string }

export interface EraseMethods {
  /**
   * Forgets a person: deletes every event of their profile (the whole merge graph), events about
   * them, links touching them and the projections built from them; blanks their earlier change
   * records; publishes a `delete` carrying no personal data; and writes salted-hash suppressions
   * so their identifiers and events are rejected as `suppressed` when they arrive again.
   * @throws ThroughlineError `invalid_options` without `erasure.salt`; `not_found` when the lookup names nobody
   * @example const report = await engine.erase({ email: 'ann@example.com' }, { reason: 'DSR-1042' })
   */
  erase(lookup: Lookup, options?: EraseOptions): Promise<ErasureReport>
  /**
   * Lifts suppressions: one identifier's, so new events carrying it are accepted again, or all of
   * an erasure's (its events' ids too, so even the old payloads are accepted).
   * @returns how many suppression records were deleted
   * @example await engine.releaseSuppression({ email: 'ann@example.com' })
   */
  releaseSuppression(target: SuppressionTarget): Promise<{ readonly released: number }>
}

interface ErasureLog {
  readonly erasureId: string
  readonly at: string
  readonly hashes: readonly string[]
  readonly profileIds: readonly string[]
  readonly reason?: string
}

const EraseOptionsSchema = z.strictObject({ dryRun: z.boolean().optional(), reason: z.string().max(1024).optional() })
const TargetSchema = z.union([
  z.strictObject({ erasureId: z.string().min(1) }),
  z
    .strictObject(Object.fromEntries(IDENTIFIER_KINDS.map((k) => [k, z.string().min(1).optional()])) as Record<IdentifierKind, z.ZodOptional<z.ZodString>>)
    .refine((t) => Object.values(t).filter((v) => v !== undefined).length === 1, { message: 'name exactly one identifier, or an erasureId' }),
])

/** Creates `erase` and `releaseSuppression` over the engine's internals. */
export function createEraseMethods(internals: EngineInternals): EraseMethods {
  const { store, context } = internals
  function salt(): string {
    const value = internals.options.erasure?.salt
    if (value === undefined) {
      throw new ThroughlineError('invalid_options', 'erase', 'erasure needs createEngine({ erasure: { salt } })', {
        issues: [{ code: 'invalid_options', path: ['erasure', 'salt'], message: 'required for erasure' }],
      })
    }
    return value
  }

  return {
    async erase(lookup, options = {}) {
      const checked = EraseOptionsSchema.safeParse(options)
      if (!checked.success) throw new ThroughlineError('invalid_options', 'erase', 'invalid erase options', { issues: issuesFromZod('invalid_options', checked.error.issues, ['options']) })
      const key = salt()
      const deps = internals.recomputeDeps()
      const now = deps.now
      return store.transaction(async (tx) => {
        const profileId = await resolveLookup(tx, lookup, context)
        const [profile] = profileId === undefined ? [] : await tx.getProfiles([profileId])
        if (!profile) throw new ThroughlineError('not_found', 'erase', 'the lookup names no stored person', { issues: [{ code: 'not_found', path: ['lookup'], message: 'no profile matches' }] })
        const eventIds = await withEventsAbout(tx, profile.eventIds)
        const events = await tx.getEvents(eventIds)
        const erased = new Set(eventIds)
        // Business references (order numbers) are the company's data, not a way to reach the person:
        // suppressing one would reject anyone's later message quoting that order.
        const keys = [...new Set(events.flatMap((e) => e.identifiers.filter((i) => !isPlaceholder(i) && i.kind !== 'reference').map(identifierKey)))].sort(
          compareText,
        )
        const holders = await tx.findEventIdsByKeys(keys)
        const own = keys.filter((k) => (holders.get(k) ?? []).every((id) => erased.has(id)))
        const identifiers: Partial<Record<IdentifierKind, number>> = {}
        for (const k of own) {
          const kind = k.slice(0, k.indexOf(':')) as IdentifierKind
          identifiers[kind] = (identifiers[kind] ?? 0) + 1
        }
        const links = await tx.getLinks(eventIds)
        const profileIds = [...new Set((await tx.findProfileIds(eventIds)).values())].sort(compareText)
        const history = await tx.getChanges(0)
        const absorbed = await absorbedProfiles(tx, history, profile.id)
        const tainted = mentioning(history, [...eventIds, ...own.map((k) => k.slice(k.indexOf(':') + 1))], new Set(absorbed))
        const hashes = [...own, ...eventIds.map((id) => `event:${id}`)].map((k) => suppressionHash(key, k))
        const erasureId = `era_${stableHash(`${profile.id}\u0000${now}`)}`
        const report = {
          erasureId,
          dryRun: checked.data.dryRun === true,
          at: now,
          profileIds,
          events: events.length,
          identifiers,
          sharedIdentifiers: keys.length - own.length,
          links: links.length,
          suppressions: hashes.length,
          changesRedacted: 0,
          profilesResynced: (await tx.getProfiles(tainted)).filter((p) => p.id !== profile.id).length,
          ...(checked.data.reason === undefined ? {} : { reason: checked.data.reason }),
        }
        if (report.dryRun) return report
        await tx.lock([...keys, ...profileIds])
        const changesRedacted = await tx.redactChanges(absorbed)
        await tx.deleteLinks(links.map((l) => l.id))
        const touched = links.flatMap((l) => [l.a, l.b]).filter((id) => !erased.has(id))
        await recomputeRegion(tx, { deleted: eventIds, touched, cause: 'erasure' }, deps)
        // Their current snapshots hold none of the erased events; their history did, so it goes and one full document replaces it.
        // Tainted profiles that no longer exist end in a `delete`: blanking their history is enough.
        const resyncRedacted = await tx.redactChanges(tainted)
        const resynced = await tx.getProfiles(tainted)
        await tx.appendChanges(resynced.map((p) => ({ profileId: p.id, op: 'update' as const, patch: [{ op: 'replace', path: '', value: p.snapshot }], cause: 'erasure', at: now })))
        await tx.putSuppressions(hashes.map((hash) => ({ hash, createdAt: now, erasureId })))
        await tx.putMeta(SALT_CHECK_KEY, saltCheck(key))
        const log: ErasureLog = { erasureId, at: now, hashes, profileIds, ...(report.reason === undefined ? {} : { reason: report.reason }) }
        await tx.putMeta(`erasure:${erasureId}`, log)
        return { ...report, changesRedacted: changesRedacted + resyncRedacted, profilesResynced: resynced.length }
      })
    },

    async releaseSuppression(target) {
      const checked = TargetSchema.safeParse(target)
      if (!checked.success) throw new ThroughlineError('invalid_lookup', 'erase', 'invalid suppression target', { issues: issuesFromZod('invalid_lookup', checked.error.issues, ['target']) })
      const key = salt()
      return store.transaction(async (tx) => {
        const value = checked.data
        if ('erasureId' in value && typeof value.erasureId === 'string') {
          const log = (await tx.getMeta(`erasure:${value.erasureId}`)) as ErasureLog | undefined
          if (!log) throw new ThroughlineError('not_found', 'erase', `no erasure ${value.erasureId}`, { issues: [{ code: 'not_found', path: ['target', 'erasureId'], message: 'unknown erasure' }] })
          const held = await tx.getSuppressions(log.hashes)
          await tx.deleteSuppressions(held.map((s) => s.hash))
          return { released: held.length }
        }
        const entries = Object.entries(value).filter(([, v]) => v !== undefined) as [IdentifierKind, string][]
        const [kind, raw] = entries[0] as [IdentifierKind, string]
        const normalized = normalizeIdentifierValue(kind, raw, context.normalize)
        if (normalized === undefined) throw new ThroughlineError('invalid_lookup', 'erase', `not a valid ${kind}`, { issues: [{ code: 'invalid_lookup', path: ['target', kind], message: `not a valid ${kind}` }] })
        const hash = suppressionHash(key, identifierKey({ kind, value: normalized }))
        const held = await tx.getSuppressions([hash])
        await tx.deleteSuppressions(held.map((s) => s.hash))
        return { released: held.length }
      })
    },
  }
}

/** The events plus every event about one of them, to any depth (a status about an action about a call). */
async function withEventsAbout(reader: StoreReader, eventIds: readonly string[]): Promise<string[]> {
  const all = new Set(eventIds)
  let frontier = [...eventIds]
  while (frontier.length > 0) {
    const found = await reader.findEventIdsByKeys(frontier.map((id) => `about:${id}`))
    frontier = [...found.values()].flat().filter((id) => !all.has(id))
    for (const id of frontier) all.add(id)
  }
  return [...all].sort(compareText)
}

/**
 * The profile and every profile merged into it earlier (following `mergedInto`) and not live
 * again since: their change records hold data of the same events and all end in a `delete`.
 */
async function absorbedProfiles(reader: StoreReader, history: readonly ChangeRecord[], profileId: string): Promise<string[]> {
  const ids = new Set([profileId])
  const merges = history.filter((c) => c.op === 'delete' && c.mergedInto !== undefined)
  let grew = true
  while (grew) {
    grew = false
    for (const change of merges) {
      if (ids.has(change.mergedInto as string) && !ids.has(change.profileId)) {
        ids.add(change.profileId)
        grew = true
      }
    }
  }
  // A profile merged in and later split out again is someone else now: its live history stays.
  const live = new Set((await reader.getProfiles([...ids])).map((p) => p.id))
  return [...ids].filter((id) => id === profileId || !live.has(id)).sort(compareText)
}

/**
 * Other profiles with a change record naming an erased event id or an erased identifier value:
 * every value in a profile document carries its event id, so a record that held the person's
 * data names one of their events.
 */
function mentioning(history: readonly ChangeRecord[], needles: readonly string[], skip: ReadonlySet<string>): string[] {
  const found = new Set<string>()
  for (const record of history) {
    if (skip.has(record.profileId) || found.has(record.profileId) || record.patch.length === 0) continue
    const text = JSON.stringify(record.patch)
    if (needles.some((needle) => text.includes(needle))) found.add(record.profileId)
  }
  return [...found].sort(compareText)
}
