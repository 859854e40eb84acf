import { z } from 'zod'
import type { ChannelContext } from '../channels/index.js'
import { ThroughlineError, issuesFromZod } from '../errors.js'
import { IDENTIFIER_KINDS, type IdentifierKind, identifierKey, normalizeIdentifierValue } from '../events/index.js'
import type { StoreReader } from '../store/index.js'

const identifierFields = Object.fromEntries(IDENTIFIER_KINDS.map((kind) => [kind, z.string().min(1).optional()])) as Record<
  IdentifierKind,
  z.ZodOptional<z.ZodString>
>

/**
 * Any one thing the caller knows about a person: our profile id, one of their event ids, or
 * any identifier (`{ email }`, `{ phone }`, `{ x }`, `{ crm: 'hubspot:123' }`, ...). A bare
 * string is a profile id (`prf_...`) or an event id (`evt_...`).
 */
export const LookupSchema = z.union([
  z.string().min(1),
  z
    .strictObject({ profileId: z.string().min(1).optional(), eventId: z.string().min(1).optional(), ...identifierFields })
    .refine((lookup) => Object.values(lookup).filter((v) => v !== undefined).length === 1, {
      message: 'name exactly one of profileId, eventId or an identifier kind',
    }),
])
export type Lookup = z.input<typeof LookupSchema>

/**
 * Finds the profile id a lookup names, or `undefined` when nothing stored matches.
 * @throws ThroughlineError `invalid_lookup` when the lookup is malformed or its identifier is not valid
 */
export async function resolveLookup(store: StoreReader, lookup: unknown, context: ChannelContext): Promise<string | undefined> {
  let value = plainLookup(lookup)
  if (value === undefined) {
    const parsed = LookupSchema.safeParse(lookup)
    if (!parsed.success) {
      throw new ThroughlineError('invalid_lookup', 'engine', 'invalid lookup', { issues: issuesFromZod('invalid_lookup', parsed.error.issues, ['lookup']) })
    }
    value = parsed.data
  }
  if (typeof value === 'string') {
    if (value.startsWith('prf_')) return (await store.getProfiles([value]))[0]?.id
    return (await store.findProfileIds([value])).get(value)
  }
  if (value.profileId) return (await store.getProfiles([value.profileId]))[0]?.id
  if (value.eventId) return (await store.findProfileIds([value.eventId])).get(value.eventId)
  const kind = IDENTIFIER_KINDS.find((k) => value[k] !== undefined) as IdentifierKind
  const normalized = normalizeIdentifierValue(kind, value[kind] as string, context.normalize)
  if (normalized === undefined) {
    throw new ThroughlineError('invalid_lookup', 'engine', `not a valid ${kind}: "${value[kind]}"`, {
      issues: [{ code: 'invalid_lookup', path: ['lookup', kind], message: `not a valid ${kind}` }],
    })
  }
  const counts = (await store.countProfilesByKeys([identifierKey({ kind, value: normalized })])).values().next().value
  // A shared value may sit in several profiles: answer with the one that holds it most often, then the oldest id.
  let best: string | undefined
  let most = 0
  for (const [id, count] of counts ?? []) {
    if (count > most || (count === most && best !== undefined && id < best)) {
      best = id
      most = count
    }
  }
  return best
}

const LOOKUP_FIELDS: ReadonlySet<string> = new Set(['profileId', 'eventId', ...IDENTIFIER_KINDS])

/**
 * The lookup as {@link LookupSchema} would give it, for the shapes nearly every call has (a
 * non-empty string; a plain object naming one known field with a non-empty string), which a
 * screen refreshing a brief sends many times a second; `undefined` for anything else, which the
 * schema then judges (and names the problem of).
 */
export function plainLookup(lookup: unknown): z.output<typeof LookupSchema> | undefined {
  if (typeof lookup === 'string') return lookup.length > 0 ? lookup : undefined
  if (typeof lookup !== 'object' || lookup === null || Object.getPrototypeOf(lookup) !== Object.prototype) return undefined
  const keys = Object.keys(lookup)
  if (keys.length !== 1 || !LOOKUP_FIELDS.has(keys[0] as string)) return undefined
  const key = keys[0] as string
  const named = (lookup as Record<string, unknown>)[key]
  return typeof named === 'string' && named.length > 0 ? { [key]: named } : undefined
}
