import { z } from 'zod'
import {
  AgentRefSchema,
  type BriefFormat,
  type BriefOptions,
  type BriefProfile,
  type Case,
  type CaseAction,
  caseActionEvent,
  type CaseOptions,
  CaseOptionsSchema,
  groupCases,
  type GroupedCase,
  type HandoffBrief,
  renderBrief,
  resolveBriefOptions,
  resolveCaseOptions,
  buildCases,
} from '../cases/index.js'
import type { ChannelContext } from '../channels/index.js'
import type { Clock } from '../clock.js'
import { ThroughlineError, issuesFromZod } from '../errors.js'
import { type CustomerEvent, eventIdFor, stableHash } from '../events/index.js'
import type { Store, StoredProfile } from '../store/index.js'
import { createBriefCache } from './brief-cache.js'
import type { IngestReport } from './ingest.js'
import type { Lookup } from './lookup.js'

/** What the case methods need from the engine. */
export interface CaseMethodsDeps {
  readonly store: Store
  readonly context: ChannelContext
  readonly clock: Clock
  readonly ingest: (inputs: readonly unknown[]) => Promise<IngestReport>
  readonly events: (lookup: Lookup) => Promise<CustomerEvent[]>
  /** The stored profile a lookup names. */
  readonly profileRecord: (lookup: Lookup) => Promise<StoredProfile | undefined>
}

/** Case options for a call; `asOf` defaults to the engine's clock. */
export type CaseCallOptions = Omit<CaseOptions, 'asOf'> & { readonly asOf?: CaseOptions['asOf'] }

export interface CaseActionOptions {
  /** When the action happened. Default: the engine clock. */
  readonly at?: string | Date | number
  /** Who acted; default the system. */
  readonly by?: { readonly id: string; readonly name: string }
}

/** The event an API action was stored as, and what it acted on. */
export interface CaseActionResult {
  readonly eventId: string
  readonly caseId: string
  readonly commitmentId?: string
}

export interface CommitmentInput {
  readonly what: string
  readonly dueBy: string | Date | number
  readonly promisedBy: { readonly id: string; readonly name: string }
  /** How it is seen to be kept: `email`, `call`, any `reply`, or only by `markKept` (`manual`, default). */
  readonly fulfil?: 'email' | 'call' | 'reply' | 'manual'
}

export interface CaseMethods {
  /** The person's cases at `asOf`, oldest first; empty when nothing matches. */
  cases(lookup: Lookup, options?: CaseCallOptions): Promise<Case[]>
  /** The handoff brief as data, or rendered when `format` is given. */
  brief(lookup: Lookup, options?: CaseCallOptions & { readonly profile?: BriefProfile }): Promise<HandoffBrief | undefined>
  brief(lookup: Lookup, options: CaseCallOptions & { readonly format: BriefFormat; readonly profile?: BriefProfile }): Promise<string | undefined>
  /** Assigns the case to an agent; the latest assignment owns the case. */
  assign(caseId: string, agent: { readonly id: string; readonly name: string }, options?: CaseActionOptions): Promise<CaseActionResult>
  /** Records a promise made to the customer. */
  commit(caseId: string, commitment: CommitmentInput, options?: CaseActionOptions): Promise<CaseActionResult>
  markKept(commitmentId: string, options?: CaseActionOptions): Promise<CaseActionResult>
  mergeCases(a: string, b: string, options?: CaseActionOptions): Promise<CaseActionResult>
  /** Moves these events (and their transcripts and statuses) into a new case. */
  splitCase(caseId: string, eventIds: readonly string[], options?: CaseActionOptions): Promise<CaseActionResult>
  resolveCase(caseId: string, options?: CaseActionOptions): Promise<CaseActionResult>
  /** Reverses an earlier case action (a merge, a split, an assignment, ...) by its event id. */
  undoCaseAction(actionEventId: string, options?: CaseActionOptions): Promise<CaseActionResult>
}

const Instant = z.union([z.iso.datetime({ offset: true }), z.date(), z.number().finite()]).transform((v) => new Date(v).toISOString())
const CaseId = z.string().regex(/^case_[0-9a-f]{24}$/u, 'expected a case id (case_…)')
const ActionOptionsSchema = z.object({ at: Instant.optional(), by: AgentRefSchema.optional() }).default({})
const CommitmentInputSchema = z.object({
  what: z.string().min(1).max(1000),
  dueBy: Instant,
  promisedBy: AgentRefSchema,
  fulfil: z.enum(['email', 'call', 'reply', 'manual']).default('manual'),
})

function check<T extends z.ZodType>(schema: T, value: unknown, path: string): z.output<T> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    throw new ThroughlineError('invalid_options', 'cases', `invalid ${path}: ${parsed.error.issues[0]?.message ?? ''}`, {
      issues: issuesFromZod('invalid_options', parsed.error.issues, [path]),
    })
  }
  return parsed.data
}

/** The options as JSON, or `undefined` when JSON would not tell them apart (a function, a Date, a non-finite number, ...). */
function optionsKey(options: object): string | undefined {
  let plain = true
  const key = JSON.stringify(options, function (this: Record<string, unknown>, k, v: unknown) {
    const raw = this[k]
    if (typeof raw === 'function' || typeof raw === 'symbol' || typeof raw === 'bigint' || raw instanceof Date || (typeof raw === 'number' && !Number.isFinite(raw))) plain = false
    return v
  })
  return plain ? key : undefined
}

const AsOfSchema = CaseOptionsSchema.shape.asOf

/** `asOf` checked alone; `undefined` when invalid (the full check then reports it). */
function asOfInstant(asOf: unknown): Date | undefined {
  const parsed = AsOfSchema.safeParse(asOf)
  return parsed.success ? parsed.data : undefined
}

const primary = (c: GroupedCase) => c.events.find((e) => e.type !== 'action') as CustomerEvent

/**
 * Case queries and actions over the engine. Actions are stored as canonical `action` events
 * through the normal ingest, so they are part of the event log, replays and erasure. Case and
 * commitment locations are remembered in store meta when read; an unknown id falls back to a
 * scan of every profile, so ids also work on a fresh instance.
 * @example const { caseId } = (await engine.cases({ email: 'ann@example.com' }))[0]; await engine.assign(caseId, { id: 'jane', name: 'Jane Ortiz' })
 */
export function caseMethods(deps: CaseMethodsDeps): CaseMethods {
  const { store, clock } = deps
  const grouping = () => resolveCaseOptions({ asOf: clock() })
  const briefs = createBriefCache(store)
  /** Resolved options by their JSON: parsing and compiling them cost as much as a warm brief. */
  const resolvedOptions = new Map<string, BriefOptions>()

  function briefOptions(key: string | undefined, rest: CaseCallOptions & { profile?: BriefProfile; maxCases?: number }, asOf: CaseOptions['asOf']): BriefOptions {
    const known = key === undefined || rest.profile !== undefined || rest.maxCases !== undefined ? undefined : resolvedOptions.get(key)
    const at = known ? asOfInstant(asOf) : undefined
    if (known && at) return { ...known, context: { ...known.context, asOf: at } }
    const resolved = resolveBriefOptions({ ...rest, asOf })
    if (key !== undefined && rest.profile === undefined && rest.maxCases === undefined) {
      if (resolvedOptions.size >= 32) resolvedOptions.clear()
      resolvedOptions.set(key, resolved)
    }
    return resolved
  }

  async function remember(cases: readonly Case[]): Promise<void> {
    if (cases.length === 0) return
    await store.transaction(async (tx) => {
      for (const c of cases) {
        // Any member finds the profile, and the case is regrouped from there.
        const eventId = c.eventIds[0] as string
        await tx.putMeta(`case:${c.id}`, eventId)
        for (const k of c.commitments) await tx.putMeta(`commitment:${k.id}`, { caseId: c.id, eventId })
      }
    })
  }

  async function caseIn(eventId: string, caseId: string): Promise<{ grouped: GroupedCase; events: CustomerEvent[] } | undefined> {
    const events = await deps.events({ eventId })
    const grouped = groupCases(events, grouping()).find((c) => c.id === caseId)
    return grouped ? { grouped, events } : undefined
  }

  async function locate(caseId: string): Promise<{ grouped: GroupedCase; events: CustomerEvent[] }> {
    const known = await store.getMeta(`case:${caseId}`)
    const found = typeof known === 'string' ? await caseIn(known, caseId) : undefined
    if (found) return found
    for (let after: string | undefined; ; ) {
      const page = await store.listProfiles({ ...(after ? { after } : {}), limit: 200 })
      for (const profile of page) {
        const first = profile.eventIds[0]
        const hit = first === undefined ? undefined : await caseIn(first, caseId)
        if (hit) return hit
      }
      if (page.length < 200) break
      after = page.at(-1)?.id
    }
    throw new ThroughlineError('not_found', 'cases', `no case ${caseId}`, { issues: [{ code: 'not_found', path: ['caseId'], message: 'no such case' }] })
  }

  async function record(action: CaseAction, about: string, caseId: string, options: unknown, extra: Partial<CaseActionResult> = {}): Promise<CaseActionResult> {
    const o = check(ActionOptionsSchema, options ?? {}, 'options')
    const event = caseActionEvent(action, { about, at: o.at ?? (await actionTime(about)), ...(o.by ? { actor: { role: 'agent', ...o.by } } : {}) })
    const report = await deps.ingest([event])
    const rejected = report.rejected[0]
    if (rejected) throw new ThroughlineError(rejected.code, 'cases', `the ${action.action} action was refused: ${rejected.message}`, { issues: rejected.issues })
    return { eventId: eventIdFor(event.source.system, event.source.id), caseId, ...extra }
  }

  /**
   * The clock's time, or just after the person's latest event when the clock is not ahead of it
   * (a fixed test clock, clock skew): actions apply in time order, so an action must follow what it acts on.
   */
  async function actionTime(about: string): Promise<string> {
    const now = clock().getTime()
    const latest = (await deps.events({ eventId: about })).reduce((max, e) => Math.max(max, Date.parse(e.occurredAt)), 0)
    return new Date(Math.max(now, latest + 1)).toISOString()
  }

  async function cases(lookup: Lookup, options: CaseCallOptions = {}): Promise<Case[]> {
    const found = buildCases(await deps.events(lookup), { ...options, asOf: options.asOf ?? clock() })
    await remember(found)
    return found
  }

  return {
    cases,
    async brief(lookup: Lookup, options: CaseCallOptions & { format?: BriefFormat; profile?: BriefProfile; maxCases?: number } = {}): Promise<never> {
      const record = await deps.profileRecord(lookup)
      if (!record || record.eventIds.length === 0) return undefined as never
      const { format, ...rest } = options
      // The state is kept per profile and per case options other than asOf (and the per-call profile and maxCases).
      const { asOf: _asOf, profile: _profile, maxCases: _max, ...stateOptions } = rest
      const key = optionsKey(stateOptions)
      const resolved = briefOptions(key, rest, options.asOf ?? clock())
      const brief = await briefs.brief(record, resolved, key)
      if (!brief) return undefined as never
      return (format ? renderBrief(brief, format) : brief) as never
    },
    async assign(caseId, agent, options) {
      check(CaseId, caseId, 'caseId')
      const who = check(AgentRefSchema, agent, 'agent')
      const { grouped } = await locate(caseId)
      return record({ action: 'assign', caseId, agent: who }, primary(grouped).id, caseId, options)
    },
    async commit(caseId, commitment, options) {
      check(CaseId, caseId, 'caseId')
      const c = check(CommitmentInputSchema, commitment, 'commitment')
      const { grouped } = await locate(caseId)
      const about = primary(grouped).id
      const at = check(ActionOptionsSchema, options ?? {}, 'options').at ?? (await actionTime(about))
      const commitmentId = `cmt_${stableHash(JSON.stringify([caseId, c, at]))}`
      const result = await record({ action: 'commit', caseId, commitmentId, ...c }, about, caseId, { ...options, at }, { commitmentId })
      await store.transaction((tx) => tx.putMeta(`commitment:${commitmentId}`, { caseId, eventId: about }))
      return result
    },
    async markKept(commitmentId, options) {
      check(z.string().regex(/^cmt_[0-9a-f]{24}$/u, 'expected a commitment id (cmt_…)'), commitmentId, 'commitmentId')
      const known = (await store.getMeta(`commitment:${commitmentId}`)) as { caseId?: unknown; eventId?: unknown } | undefined
      if (typeof known?.caseId !== 'string' || typeof known.eventId !== 'string') {
        throw new ThroughlineError('not_found', 'cases', `no commitment ${commitmentId}; read the case first`, {
          issues: [{ code: 'not_found', path: ['commitmentId'], message: 'unknown commitment' }],
        })
      }
      return record({ action: 'kept', commitmentId }, known.eventId, known.caseId, options, { commitmentId })
    },
    async mergeCases(a, b, options) {
      check(CaseId, a, 'a')
      check(CaseId, b, 'b')
      if (a === b) throw new ThroughlineError('conflict', 'cases', 'cannot merge a case with itself', { issues: [{ code: 'conflict', path: ['b'], message: 'same case' }] })
      const [first, second] = [await locate(a), await locate(b)]
      const other = primary(second.grouped).id
      if (!first.events.some((e) => e.id === other)) {
        throw new ThroughlineError('conflict', 'cases', 'the two cases belong to different customers', { issues: [{ code: 'conflict', path: ['b'], message: 'different profile' }] })
      }
      return record({ action: 'merge', caseId: a, otherCaseId: b, otherEventId: other }, primary(first.grouped).id, a, options)
    },
    async splitCase(caseId, eventIds, options) {
      check(CaseId, caseId, 'caseId')
      const ids = check(z.array(z.string().min(1)).min(1).max(10_000), eventIds, 'eventIds')
      const { grouped } = await locate(caseId)
      const members = new Set(grouped.events.map((e) => e.id))
      const missing = ids.findIndex((id) => !members.has(id))
      if (missing >= 0) {
        throw new ThroughlineError('conflict', 'cases', `event ${ids[missing]} is not in case ${caseId}`, {
          issues: [{ code: 'conflict', path: ['eventIds', missing], message: 'not in this case' }],
        })
      }
      return record({ action: 'split', caseId, eventIds: [...ids].sort() }, ids[0] as string, caseId, options)
    },
    async resolveCase(caseId, options) {
      check(CaseId, caseId, 'caseId')
      const { grouped } = await locate(caseId)
      return record({ action: 'resolve', caseId }, primary(grouped).id, caseId, options)
    },
    async undoCaseAction(actionEventId, options) {
      const id = check(z.string().min(1), actionEventId, 'actionEventId')
      const [action] = await store.getEvents([id])
      const data = action?.data as { action?: unknown; caseId?: unknown } | undefined
      if (!action || action.type !== 'action' || typeof data?.action !== 'string' || action.about === undefined) {
        throw new ThroughlineError('not_found', 'cases', `no case action ${id}`, { issues: [{ code: 'not_found', path: ['actionEventId'], message: 'not a case action' }] })
      }
      return record({ action: 'undo', target: id }, action.about, typeof data.caseId === 'string' ? data.caseId : '', options)
    },
  }
}
