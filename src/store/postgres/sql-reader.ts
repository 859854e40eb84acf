import type { ChangeRecord, Link, StoredProfile, StoreReader, Suppression } from '../store.js'
import type { PgQueryable } from './pg-like.js'
import { separators } from './packed-text.js'

type StoredEvent = Awaited<ReturnType<StoreReader['getEvents']>>[number]

/**
 * The reads of the contract as SQL, one statement per call whatever the batch size. Used on
 * the pool outside transactions and on the transaction's connection inside them.
 * @example const reader = createSqlReader(pool, '"throughline"')
 */
export function createSqlReader(db: PgQueryable, schema: string): StoreReader {
  const q = async (text: string, values: unknown[] = []) => (await db.query(text, values)).rows
  return {
    async getEvents(ids) {
      if (ids.length === 0) return []
      const [sep] = separators(1, [ids]) as [string]
      // One row holding every body as one JSON array: one parse in node, not one per row. The
      // server neither sorts nor numbers the rows: each body holds its id, and the caller's
      // order (with repeats) is restored here, as the memory store gives it.
      const rows = await q(`SELECT '[' || string_agg(body, ',') || ']' AS bodies FROM ${schema}.events WHERE id = ANY(string_to_array($1, $2))`, [
        ids.join(sep),
        sep,
      ])
      const bodies = (rows[0] as { bodies: string | null } | undefined)?.bodies
      return bodies ? inCallerOrder(ids, JSON.parse(bodies) as StoredEvent[]) : []
    },
    async findEventIdsByKeys(keys) {
      if (keys.length === 0) return new Map()
      const [sep] = separators(1, [keys]) as [string]
      const rows = await q(
        `SELECT json_object_agg(key, ids)::text AS found FROM (
           SELECT key, json_agg(event_id ORDER BY event_id) AS ids FROM ${schema}.event_keys WHERE key = ANY(string_to_array($1, $2)) GROUP BY key
         ) k`,
        [keys.join(sep), sep],
      )
      return objectToMap<string[]>(rows)
    },
    async findProfileIds(eventIds) {
      if (eventIds.length === 0) return new Map()
      const [sep] = separators(1, [eventIds]) as [string]
      const rows = await q(
        `SELECT json_object_agg(event_id, profile_id)::text AS found FROM ${schema}.profile_members WHERE event_id = ANY(string_to_array($1, $2))`,
        [eventIds.join(sep), sep],
      )
      return objectToMap<string>(rows)
    },
    async countProfilesByKeys(keys) {
      const found = new Map<string, Map<string, number>>()
      if (keys.length === 0) return found
      const rows = await q(
        `SELECT k.key, m.profile_id, count(*)::int AS n FROM ${schema}.event_keys k JOIN ${schema}.profile_members m ON m.event_id = k.event_id WHERE k.key = ANY($1::text[]) GROUP BY k.key, m.profile_id`,
        [keys],
      )
      for (const row of rows as { key: string; profile_id: string; n: number }[]) {
        const counts = found.get(row.key) ?? new Map<string, number>()
        counts.set(row.profile_id, Number(row.n))
        found.set(row.key, counts)
      }
      return found
    },
    async getProfiles(ids) {
      if (ids.length === 0) return []
      const [sep] = separators(1, [ids]) as [string]
      const rows = await q(`SELECT '[' || string_agg(${profileJson('p')}, ',') || ']' AS profiles FROM ${schema}.profiles p WHERE p.id = ANY(string_to_array($1, $2))`, [
        ids.join(sep),
        sep,
      ])
      return inCallerOrder(ids, parseProfiles(rows))
    },
    async memberVersions(profileIds) {
      const found = new Map<string, number>()
      if (profileIds.length === 0) return found
      const rows = await q(`SELECT id, member_version FROM ${schema}.profiles WHERE id = ANY($1::text[])`, [profileIds])
      for (const row of rows as { id: string; member_version: string | number }[]) found.set(row.id, Number(row.member_version))
      return found
    },
    async listProfiles(options = {}) {
      const rows = await q(
        `SELECT '[' || string_agg(${profileJson('p')}, ',' ORDER BY p.id) || ']' AS profiles
         FROM (SELECT * FROM ${schema}.profiles WHERE id > $1 ORDER BY id LIMIT $2) p`,
        [options.after ?? '', options.limit ?? null],
      )
      return parseProfiles(rows)
    },
    async getLinks(eventIds) {
      if (eventIds.length === 0) return []
      const rows = await q(
        `SELECT body FROM ${schema}.links WHERE a = ANY($1::text[]) OR b = ANY($1::text[]) ORDER BY id`,
        [eventIds],
      )
      return rows.map((row: { body: Link }) => row.body)
    },
    async getSuppressions(hashes) {
      if (hashes.length === 0) return []
      const rows = await q(
        `SELECT s.hash, s.created_at, s.erasure_id FROM unnest($1::text[]) WITH ORDINALITY AS i(hash, n) JOIN ${schema}.suppressions s ON s.hash = i.hash ORDER BY i.n`,
        [hashes],
      )
      return rows.map(
        (row: { hash: string; created_at: string; erasure_id: string }): Suppression => ({
          hash: row.hash,
          createdAt: row.created_at,
          erasureId: row.erasure_id,
        }),
      )
    },
    async getChanges(since, limit) {
      const rows = await q(
        `SELECT seq, profile_id, op, patch, cause, at, merged_into, split_from, redacted FROM ${schema}.changes WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [since, limit ?? null],
      )
      return rows.map(
        (row: {
          seq: string | number
          profile_id: string
          op: ChangeRecord['op']
          patch: string
          cause: string
          at: string
          merged_into: string | null
          split_from: string | null
          redacted: boolean
        }): ChangeRecord => ({
          seq: Number(row.seq),
          profileId: row.profile_id,
          op: row.op,
          patch: JSON.parse(row.patch) as unknown[],
          cause: row.cause,
          at: row.at,
          ...(row.merged_into === null ? {} : { mergedInto: row.merged_into }),
          ...(row.split_from === null ? {} : { splitFrom: row.split_from }),
          ...(row.redacted ? { redacted: true } : {}),
        }),
      )
    },
    async getMeta(key) {
      const rows = await q(`SELECT value FROM ${schema}.meta WHERE key = $1`, [key])
      return (rows[0] as { value: unknown } | undefined)?.value
    },
    async countEvents() {
      const rows = await q(`SELECT count(*)::int AS n FROM ${schema}.events`)
      return Number((rows[0] as { n: number }).n)
    },
  }
}

/** A profile row as the JSON text of a {@link StoredProfile} (a NULL snapshot as `null`), built by the server. */
function profileJson(p: string): string {
  return `'{"id":' || to_json(${p}.id)::text || ',"eventIds":' || array_to_json(${p}.event_ids)::text ||
    ',"evidence":' || ${p}.evidence || ',"snapshot":' || coalesce(${p}.snapshot, 'null') || '}'`
}

function parseProfiles(rows: unknown[]): StoredProfile[] {
  const text = (rows[0] as { profiles: string | null } | undefined)?.profiles
  if (!text) return []
  return (JSON.parse(text) as { id: string; eventIds: string[]; evidence: StoredProfile['evidence']; snapshot: unknown }[]).map((row) => ({
    id: row.id,
    eventIds: row.eventIds,
    evidence: row.evidence,
    snapshot: row.snapshot ?? undefined,
  }))
}

/** The one JSON object a `json_object_agg` query returns (NULL when nothing matched), as a map. */
function objectToMap<V>(rows: unknown[]): Map<string, V> {
  const text = (rows[0] as { found: string | null } | undefined)?.found
  return new Map(text ? (Object.entries(JSON.parse(text)) as [string, V][]) : [])
}

/** The rows found for `ids`, in the caller's order and with its repeats, as the memory store gives them. */
function inCallerOrder<T extends { readonly id: string }>(ids: readonly string[], rows: readonly T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]))
  const found: T[] = []
  for (const id of ids) {
    const row = byId.get(id)
    if (row) found.push(row)
  }
  return found
}
