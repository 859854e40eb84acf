import { indexKeys, type ChangeRecord, type StoreWriter } from '../store.js'
import type { PgQueryable } from './pg-like.js'

type WriteMethods = Omit<StoreWriter, keyof import('../store.js').StoreReader | 'lock'>

/** Keeps the last of several entries with one id, as applying them in order would. */
function lastById<T>(items: readonly T[], id: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [id(item), item])).values()]
}

/**
 * The writes of the contract as SQL on one transaction's connection: one statement per call,
 * the rows passed as one JSON array parameter and expanded server-side with
 * `json_array_elements` (node-postgres escapes a `text[]` of JSON documents element by element,
 * which measured slower than the insert itself), and `ON CONFLICT` for replacement. Index
 * tables (event_keys, profile_members) are updated in the same statement through CTEs that
 * touch disjoint rows, since the CTEs of one statement do not see each other's writes.
 * @example const writes = createSqlWriter(client, '"throughline"')
 */
export function createSqlWriter(db: PgQueryable, schema: string): WriteMethods {
  const run = (text: string, values: unknown[]) => db.query(text, values)
  return {
    async putEvents(input) {
      if (input.length === 0) return
      const events = lastById(input, (e) => e.id)
      const keys: [string, string][] = []
      for (const event of events) for (const key of new Set(indexKeys(event))) keys.push([key, event.id])
      await run(
        `WITH input AS (
           SELECT e->>'id' AS id, e AS body FROM json_array_elements($1::json) AS e
         ), keys AS (
           SELECT k->>0 AS key, k->>1 AS event_id FROM json_array_elements($2::json) AS k
         ), upsert AS (
           INSERT INTO ${schema}.events (id, occurred_at, revision, body)
           SELECT id, (body->>'occurredAt')::timestamptz, (body->>'revision')::int, body FROM input
           ON CONFLICT (id) DO UPDATE SET occurred_at = excluded.occurred_at, revision = excluded.revision, body = excluded.body
         ), stale AS (
           DELETE FROM ${schema}.event_keys k WHERE k.event_id IN (SELECT id FROM input)
             AND NOT EXISTS (SELECT 1 FROM keys n WHERE n.key = k.key AND n.event_id = k.event_id)
         )
         INSERT INTO ${schema}.event_keys (key, event_id) SELECT key, event_id FROM keys ON CONFLICT DO NOTHING`,
        [JSON.stringify(events), JSON.stringify(keys)],
      )
    },
    async deleteEvents(ids) {
      if (ids.length === 0) return
      await run(
        `WITH gone AS (DELETE FROM ${schema}.event_keys WHERE event_id = ANY($1::text[]))
         DELETE FROM ${schema}.events WHERE id = ANY($1::text[])`,
        [ids],
      )
    },
    async putProfiles(input) {
      if (input.length === 0) return
      const profiles = lastById(input, (p) => p.id)
      // An event listed by two profiles of one batch ends with the later one, as in sequential puts.
      const members = new Map<string, string>()
      for (const profile of profiles) for (const id of profile.eventIds) members.set(id, profile.id)
      await run(
        `WITH input AS (
           SELECT p->>'id' AS id, p FROM json_array_elements($1::json) AS p
         ), members AS (
           SELECT m->>0 AS event_id, m->>1 AS profile_id FROM json_array_elements($2::json) AS m
         ), upsert AS (
           INSERT INTO ${schema}.profiles (id, event_ids, evidence, snapshot)
           SELECT id, ARRAY(SELECT json_array_elements_text(p->'eventIds')), (p->'evidence')::jsonb, (p->'snapshot')::jsonb FROM input
           ON CONFLICT (id) DO UPDATE SET event_ids = excluded.event_ids, evidence = excluded.evidence, snapshot = excluded.snapshot
         ), stale AS (
           DELETE FROM ${schema}.profile_members m WHERE m.profile_id IN (SELECT id FROM input)
             AND NOT EXISTS (SELECT 1 FROM members n WHERE n.event_id = m.event_id)
         )
         INSERT INTO ${schema}.profile_members (event_id, profile_id) SELECT event_id, profile_id FROM members
         ON CONFLICT (event_id) DO UPDATE SET profile_id = excluded.profile_id`,
        [JSON.stringify(profiles), JSON.stringify([...members])],
      )
    },
    async deleteProfiles(ids) {
      if (ids.length === 0) return
      await run(
        `WITH gone AS (DELETE FROM ${schema}.profile_members WHERE profile_id = ANY($1::text[]))
         DELETE FROM ${schema}.profiles WHERE id = ANY($1::text[])`,
        [ids],
      )
    },
    async putLinks(input) {
      if (input.length === 0) return
      await run(
        `INSERT INTO ${schema}.links (id, a, b, body)
         SELECT l->>'id', l->>'a', l->>'b', l::jsonb FROM json_array_elements($1::json) AS l
         ON CONFLICT (id) DO UPDATE SET a = excluded.a, b = excluded.b, body = excluded.body`,
        [JSON.stringify(lastById(input, (l) => l.id))],
      )
    },
    async deleteLinks(ids) {
      if (ids.length === 0) return
      await run(`DELETE FROM ${schema}.links WHERE id = ANY($1::text[])`, [ids])
    },
    async appendChanges(changes) {
      if (changes.length === 0) return []
      // Readers page by seq, so seq order must be commit order. A sequence alone does not give
      // that (a lower seq can commit after a higher one); holding the table in EXCLUSIVE mode
      // until commit makes appenders take turns, while readers (ACCESS SHARE) never wait.
      await run(`LOCK TABLE ${schema}.changes IN EXCLUSIVE MODE`, [])
      const { rows } = await run(
        `INSERT INTO ${schema}.changes (profile_id, op, patch, cause, at, merged_into, split_from, redacted)
         SELECT c->>'profileId', c->>'op', (c->'patch')::jsonb, c->>'cause', c->>'at', c->>'mergedInto', c->>'splitFrom',
                coalesce((c->>'redacted')::boolean, false)
         FROM json_array_elements($1::json) WITH ORDINALITY AS t(c, n)
         ORDER BY n
         RETURNING seq`,
        [JSON.stringify(changes)],
      )
      // Rows are numbered in insertion order; sorting the returned seqs does not rely on RETURNING order.
      const seqs = rows.map((row: { seq: string | number }) => Number(row.seq)).sort((a, b) => a - b)
      return changes.map((change, i): ChangeRecord => ({ ...change, seq: seqs[i] as number }))
    },
    async redactChanges(profileIds) {
      if (profileIds.length === 0) return 0
      const { rows } = await run(
        `UPDATE ${schema}.changes SET patch = '[]'::jsonb, redacted = true
         WHERE profile_id = ANY($1::text[]) AND NOT (redacted AND patch = '[]'::jsonb)
         RETURNING seq`,
        [profileIds],
      )
      return rows.length
    },
    async putSuppressions(input) {
      if (input.length === 0) return
      await run(
        `INSERT INTO ${schema}.suppressions (hash, created_at, erasure_id)
         SELECT s->>'hash', s->>'createdAt', s->>'erasureId' FROM json_array_elements($1::json) AS s
         ON CONFLICT (hash) DO UPDATE SET created_at = excluded.created_at, erasure_id = excluded.erasure_id`,
        [JSON.stringify(lastById(input, (s) => s.hash))],
      )
    },
    async deleteSuppressions(hashes) {
      if (hashes.length === 0) return
      await run(`DELETE FROM ${schema}.suppressions WHERE hash = ANY($1::text[])`, [hashes])
    },
    async putMeta(key, value) {
      if (value === undefined) {
        await run(`DELETE FROM ${schema}.meta WHERE key = $1`, [key])
        return
      }
      await run(
        `INSERT INTO ${schema}.meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [key, JSON.stringify(value)],
      )
    },
  }
}
