import type { ChangeRecord, Link, StoredProfile, StoreReader, Suppression } from '../store.js'
import type { PgQueryable } from './pg-like.js'

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
      // WITH ORDINALITY keeps the caller's order (and repeats), as the memory store does.
      const rows = await q(
        `SELECT e.body FROM unnest($1::text[]) WITH ORDINALITY AS i(id, n) JOIN ${schema}.events e ON e.id = i.id ORDER BY i.n`,
        [ids],
      )
      return rows.map((row: { body: StoredEvent }) => row.body)
    },
    async findEventIdsByKeys(keys) {
      const found = new Map<string, string[]>()
      if (keys.length === 0) return found
      const rows = await q(
        `SELECT key, array_agg(event_id ORDER BY event_id) AS ids FROM ${schema}.event_keys WHERE key = ANY($1::text[]) GROUP BY key`,
        [keys],
      )
      for (const row of rows as { key: string; ids: string[] }[]) found.set(row.key, row.ids)
      return found
    },
    async findProfileIds(eventIds) {
      const found = new Map<string, string>()
      if (eventIds.length === 0) return found
      const rows = await q(`SELECT event_id, profile_id FROM ${schema}.profile_members WHERE event_id = ANY($1::text[])`, [eventIds])
      for (const row of rows as { event_id: string; profile_id: string }[]) found.set(row.event_id, row.profile_id)
      return found
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
      const rows = await q(
        `SELECT p.id, p.event_ids, p.evidence, p.snapshot FROM unnest($1::text[]) WITH ORDINALITY AS i(id, n) JOIN ${schema}.profiles p ON p.id = i.id ORDER BY i.n`,
        [ids],
      )
      return rows.map(toProfile)
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
        `SELECT id, event_ids, evidence, snapshot FROM ${schema}.profiles WHERE id > $1 ORDER BY id LIMIT $2`,
        [options.after ?? '', options.limit ?? null],
      )
      return rows.map(toProfile)
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
          patch: unknown[]
          cause: string
          at: string
          merged_into: string | null
          split_from: string | null
          redacted: boolean
        }): ChangeRecord => ({
          seq: Number(row.seq),
          profileId: row.profile_id,
          op: row.op,
          patch: row.patch,
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

function toProfile(row: { id: string; event_ids: string[]; evidence: StoredProfile['evidence']; snapshot: unknown }): StoredProfile {
  return { id: row.id, eventIds: row.event_ids, evidence: row.evidence, snapshot: row.snapshot ?? undefined }
}
