// The agent console's one window onto the engine. Every engine call the console makes is here,
// so when a method's signature changes (brief, unmerge and explainProfile are still landing)
// this is the one file to adapt. A method the engine does not have yet is reported as
// `{ available: false }` and the page shows "not available" for that panel.
import * as library from '../../src/index.js'
import type { CustomerEvent, Engine, Lookup, MergeExplanation, Profile, TimelineEntry } from '../../src/index.js'

/** Engine methods that may be missing from the build the console runs against. */
export type OptionalMethod = 'brief' | 'unmerge' | 'explainProfile'

/** What this engine build offers, so the page can disable what it cannot do. */
export type Capabilities = Readonly<Record<OptionalMethod, boolean>>

export interface SearchHit {
  readonly profileId: string
  readonly name: string | null
  /** How the query found the person: `email`, `phone`, `x`, `eventId`, `profileId`, `name`, ... */
  readonly matchedBy: string
  readonly identifiers: readonly string[]
  readonly lastSeenAt: string
  readonly eventCount: number
}

/** One member event of a profile and the evidence path that ties it to the profile's anchor. */
export interface MemberEvidence {
  readonly eventId: string
  readonly occurredAt: string
  readonly channel: string
  readonly type: string
  readonly summary: string
  /** The earliest event: the profile id derives from it, so it has no path of its own. */
  readonly anchor: boolean
  readonly steps: readonly { readonly from: string; readonly to: string; readonly reason: string }[]
}

export interface CustomerView {
  readonly profile: Profile
  readonly timeline: readonly TimelineEntry[]
  readonly members: readonly MemberEvidence[]
  /** `engine.explainProfile`'s answer as returned, when the engine has it. */
  readonly explanation: unknown
  readonly capabilities: Capabilities
}

export type BriefView =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true
      readonly asOf: string
      /** The brief rendered for reading (plain text), when the engine or `renderBrief` can render it. */
      readonly text: string | null
      readonly commitments: readonly unknown[]
      readonly clock: unknown
      /** The `HandoffBrief` object as the engine returned it. */
      readonly brief: unknown
    }

export type UnmergeView =
  | { readonly available: false; readonly reason: string }
  | { readonly available: true; readonly result: unknown; readonly kept: string | null; readonly split: readonly string[] }

type AnyFunction = (...args: unknown[]) => unknown

function method(engine: Engine, name: OptionalMethod): AnyFunction | undefined {
  const candidate = (engine as unknown as Record<string, unknown>)[name]
  return typeof candidate === 'function' ? (candidate as AnyFunction).bind(engine) : undefined
}

const notAvailable = (name: string) => ({ available: false as const, reason: `engine.${name} is not available in this build of throughline` })

export function capabilities(engine: Engine): Capabilities {
  return { brief: !!method(engine, 'brief'), unmerge: !!method(engine, 'unmerge'), explainProfile: !!method(engine, 'explainProfile') }
}

/**
 * Every lookup a free-text query could mean, most specific first. An agent pastes whatever
 * the customer gave them; `kind:value` (`crm:hubspot:1001`, `x:1850`) names the kind outright.
 */
export function lookupsFor(query: string): { lookup: Lookup; matchedBy: string }[] {
  const q = query.trim()
  if (!q) return []
  if (q.startsWith('prf_')) return [{ lookup: { profileId: q }, matchedBy: 'profileId' }]
  if (q.startsWith('evt_')) return [{ lookup: { eventId: q }, matchedBy: 'eventId' }]
  const prefixed = /^([a-z]+):(.+)$/.exec(q)
  if (prefixed && (library.IDENTIFIER_KINDS as readonly string[]).includes(prefixed[1] as string)) {
    const kind = prefixed[1] as string
    return [{ lookup: { [kind]: (prefixed[2] as string).trim() } as Lookup, matchedBy: kind }]
  }
  if (q.includes('@')) return [{ lookup: { email: q }, matchedBy: 'email' }]
  const lookups: { lookup: Lookup; matchedBy: string }[] = []
  const digits = q.replace(/\D/g, '')
  if (/^[+\d\s().-]+$/.test(q) && digits.length >= 7) lookups.push({ lookup: { phone: q }, matchedBy: 'phone' })
  // X user ids are numeric too: a bare number may be either.
  if (/^\d+$/.test(q)) lookups.push({ lookup: { x: q }, matchedBy: 'x' })
  return lookups
}

function nameOf(profile: Profile): string | null {
  const name = profile.traits['name']?.value
  return typeof name === 'string' ? name : null
}

function hit(profile: Profile, matchedBy: string): SearchHit {
  return {
    profileId: profile.id,
    name: nameOf(profile),
    matchedBy,
    identifiers: profile.identifiers.map((i) => `${i.kind}:${i.value}`),
    lastSeenAt: profile.lastSeenAt,
    eventCount: profile.eventCount,
  }
}

/** Finds people by any identifier, event id, profile id, or a part of their name. */
export async function search(engine: Engine, query: string, options: { limit?: number } = {}): Promise<SearchHit[]> {
  const limit = options.limit ?? 20
  const hits = new Map<string, SearchHit>()
  for (const { lookup, matchedBy } of lookupsFor(query)) {
    try {
      const profile = await engine.profile(lookup)
      if (profile && !hits.has(profile.id)) hits.set(profile.id, hit(profile, matchedBy))
    } catch (error) {
      // A query that is not a valid value of that kind ("12" as a phone) simply finds no one.
      if (!library.ThroughlineError.is(error)) throw error
    }
  }
  const needle = query.trim().toLowerCase()
  if (needle.length >= 2 && hits.size < limit) {
    // Names are not indexed: page through profiles. Fine for a console over a demo or a small tenant.
    let after: string | undefined
    for (;;) {
      const page = await engine.store.listProfiles(after === undefined ? { limit: 500 } : { after, limit: 500 })
      for (const record of page) {
        const profile = record.snapshot as Profile
        if (!hits.has(profile.id) && nameOf(profile)?.toLowerCase().includes(needle)) hits.set(profile.id, hit(profile, 'name'))
      }
      if (page.length < 500 || hits.size >= limit) break
      after = page.at(-1)?.id
    }
  }
  return [...hits.values()].slice(0, limit)
}

function summarize(event: CustomerEvent): string {
  const who = event.actor.name ?? event.actor.id ?? event.actor.role
  const text = event.content?.text
  const what = event.content?.subject ?? event.content?.status ?? (text ? (text.length > 60 ? `${text.slice(0, 60)}…` : text) : event.type)
  return `${what} · ${who}, ${event.direction}`
}

/** The profile, its timeline, and for each member event the evidence that makes it this person. */
export async function customer(engine: Engine, profileId: string): Promise<CustomerView | undefined> {
  const profile = await engine.profile({ profileId })
  if (!profile) return undefined
  const [timeline, events] = await Promise.all([engine.timeline(profile.id), engine.events(profile.id)])
  const anchor = events[0]
  const members: MemberEvidence[] = []
  for (const event of events) {
    const why: MergeExplanation | null = anchor && event.id !== anchor.id ? await engine.explain(anchor.id, event.id) : null
    members.push({
      eventId: event.id,
      occurredAt: event.occurredAt,
      channel: event.channel,
      type: event.type,
      summary: summarize(event),
      anchor: event.id === anchor?.id,
      steps: (why?.path ?? []).map((step) => ({ from: step.a, to: step.b, reason: step.reason })),
    })
  }
  const explainProfile = method(engine, 'explainProfile')
  const explanation = explainProfile ? await explainProfile(profile.id) : null
  return { profile, timeline, members, explanation, capabilities: capabilities(engine) }
}

function renderText(brief: unknown): string | null {
  // `renderBrief` lives at the package root once the cases work lands; look it up by name so
  // this file compiles against builds that do not have it yet.
  const render = (library as Record<string, unknown>)['renderBrief']
  // Plain text reads well in a <pre>; Markdown would show its markup on this page.
  if (typeof render === 'function') return String(render(brief, 'text'))
  if (brief && typeof brief === 'object') {
    for (const key of ['markdown', 'text', 'rendered']) {
      const value = (brief as Record<string, unknown>)[key]
      if (typeof value === 'string') return value
    }
  }
  return typeof brief === 'string' ? brief : null
}

/** The handoff brief as of `asOf`: who this is, what was said and done, what was promised, and the clock. */
export async function brief(engine: Engine, profileId: string, asOf: Date): Promise<BriefView> {
  const fn = method(engine, 'brief')
  if (!fn) return notAvailable('brief')
  const result = await fn(profileId, { asOf })
  const record = result && typeof result === 'object' ? (result as Record<string, unknown>) : {}
  const commitments = Array.isArray(record['commitments']) ? (record['commitments'] as unknown[]) : []
  const clock = record['clock'] ?? record['clocks'] ?? record['responseClock'] ?? null
  return { available: true, asOf: asOf.toISOString(), text: renderText(result), commitments, clock, brief: result }
}

/**
 * Splits these events off the profile as a different person, and says where everything landed.
 * @returns the profile that kept the rest, and the profile(s) now holding the split events
 */
export async function unmerge(engine: Engine, profileId: string, eventIds: readonly string[]): Promise<UnmergeView> {
  const fn = method(engine, 'unmerge')
  if (!fn) return notAvailable('unmerge')
  const before = await engine.events(profileId)
  const result = await fn(profileId, { eventIds: [...eventIds] })
  const rest = before.find((event) => !eventIds.includes(event.id))
  const kept = rest ? ((await engine.profile({ eventId: rest.id }))?.id ?? null) : null
  const split = new Set<string>()
  for (const eventId of eventIds) {
    const id = (await engine.profile({ eventId }))?.id
    if (id !== undefined) split.add(id)
  }
  return { available: true, result, kept, split: [...split] }
}
