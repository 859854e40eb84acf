import { indexKeys, type ChangeRecord, type StoreWriter } from '../store.js'
import type { PgQueryable } from './pg-like.js'

type WriteMethods = Omit<StoreWriter, keyof import('../store.js').StoreReader | 'lock'>

/** Keeps the last of several entries with one id, as applying them in order would. */
function lastById<T>(items: readonly T[], id: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [id(item), item])).values()]
}

/**
 * The writes of the contract as SQL on one transaction's connection: one statement per call,
 * set-based whatever the batch size. Columns travel as parallel arrays zipped server-side with
 * `ROWS FROM (unnest(...), json_array_elements(...))`: short strings as `text[]`, documents as one
 * JSON array text, so that each document is parsed once, by `json_array_elements`, and stored
 * as the `json` text it arrived as. (node-postgres escapes a `text[]` element by element, which
 * measured slower than the insert for documents; extracting fields with `->>` from `json`
 * re-parses the document per field.) Index tables (event_keys, profile_members) are updated in
 * the same statement through CTEs that touch disjoint rows, since the CTEs of one statement do
 * not see each other's writes.
 * @example const writes = createSqlWriter(client, '"throughline"')
 */
export function createSqlWriter(db: PgQueryable, schema: string): WriteMethods {
  const run = (text: string, values: unknown[]) => db.query(text, values)
  const nextVersion = `nextval('${schema}.member_versions')`
  /** A CTE giving a new member version to the profiles holding the events `$1` (they are rewritten or deleted). */
  const membersChanged = `changed AS (
           UPDATE ${schema}.profiles SET member_version = ${nextVersion}
           WHERE id IN (SELECT profile_id FROM ${schema}.profile_members WHERE event_id = ANY($1::text[]))
         )`
  return {
    async putEvents(input) {
      if (input.length === 0) return
      const events = lastById(input, (e) => e.id)
      const keys: string[] = []
      const keyEvents: string[] = []
      for (const event of events) {
        for (const key of new Set(indexKeys(event))) {
          keys.push(key)
          keyEvents.push(event.id)
        }
      }
      await run(
        `WITH upsert AS (
           INSERT INTO ${schema}.events (id, occurred_at, revision, body)
           SELECT * FROM ROWS FROM (unnest($1::text[]), unnest($2::timestamptz[]), unnest($3::int[]), json_array_elements($4::json))
           ON CONFLICT (id) DO UPDATE SET occurred_at = excluded.occurred_at, revision = excluded.revision, body = excluded.body
         ), stale AS (
           DELETE FROM ${schema}.event_keys k WHERE k.event_id = ANY($1::text[])
             AND (k.key, k.event_id) NOT IN (SELECT * FROM unnest($5::text[], $6::text[]))
         ), ${membersChanged}
         INSERT INTO ${schema}.event_keys (key, event_id) SELECT * FROM unnest($5::text[], $6::text[]) ON CONFLICT DO NOTHING`,
        [events.map((e) => e.id), events.map((e) => e.occurredAt), events.map((e) => e.revision), JSON.stringify(events), keys, keyEvents],
      )
    },
    async deleteEvents(ids) {
      if (ids.length === 0) return
      await run(
        `WITH gone AS (DELETE FROM ${schema}.event_keys WHERE event_id = ANY($1::text[])), ${membersChanged}
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
      // Members that stay where they are are neither rewritten nor locked: a profile gaining one
      // event re-sends all its members, and rewriting each would cost a tuple and two index entries.
      await run(
        `WITH upsert AS (
           INSERT INTO ${schema}.profiles (id, event_ids, evidence, snapshot)
           SELECT id, ARRAY(SELECT json_array_elements_text(event_ids)), evidence, CASE WHEN json_typeof(snapshot) = 'null' THEN NULL ELSE snapshot END
           FROM ROWS FROM (unnest($1::text[]), json_array_elements($2::json), json_array_elements($3::json), json_array_elements($4::json)) AS p(id, event_ids, evidence, snapshot)
           ON CONFLICT (id) DO UPDATE SET event_ids = excluded.event_ids, evidence = excluded.evidence, snapshot = excluded.snapshot,
             -- A member left: a new member version (a new row takes one by default).
             member_version = CASE WHEN ${schema}.profiles.event_ids <@ excluded.event_ids THEN ${schema}.profiles.member_version ELSE ${nextVersion} END
         ), stale AS (
           DELETE FROM ${schema}.profile_members m WHERE m.profile_id = ANY($1::text[]) AND NOT (m.event_id = ANY($5::text[]))
         )
         INSERT INTO ${schema}.profile_members (event_id, profile_id)
         SELECT n.event_id, n.profile_id FROM unnest($5::text[], $6::text[]) AS n(event_id, profile_id)
         WHERE NOT EXISTS (SELECT 1 FROM ${schema}.profile_members m WHERE m.event_id = n.event_id AND m.profile_id = n.profile_id)
         ON CONFLICT (event_id) DO UPDATE SET profile_id = excluded.profile_id`,
        [
          profiles.map((p) => p.id),
          JSON.stringify(profiles.map((p) => p.eventIds)),
          JSON.stringify(profiles.map((p) => p.evidence)),
          JSON.stringify(profiles.map((p) => p.snapshot ?? null)),
          [...members.keys()],
          [...members.values()],
        ],
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
         SELECT l->>'id', l->>'a', l->>'b', l FROM jsonb_array_elements($1::jsonb) AS l
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
         SELECT profile_id, op, patch, cause, at, merged_into, split_from, redacted
         FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), json_array_elements($3::json), unnest($4::text[]), unnest($5::text[]),
                         unnest($6::text[]), unnest($7::text[]), unnest($8::boolean[]))
           WITH ORDINALITY AS c(profile_id, op, patch, cause, at, merged_into, split_from, redacted, n)
         ORDER BY n
         RETURNING seq`,
        [
          changes.map((c) => c.profileId),
          changes.map((c) => c.op),
          JSON.stringify(changes.map((c) => c.patch)),
          changes.map((c) => c.cause),
          changes.map((c) => c.at),
          changes.map((c) => c.mergedInto ?? null),
          changes.map((c) => c.splitFrom ?? null),
          changes.map((c) => c.redacted === true),
        ],
      )
      // Rows are numbered in insertion order; sorting the returned seqs does not rely on RETURNING order.
      const seqs = rows.map((row: { seq: string | number }) => Number(row.seq)).sort((a, b) => a - b)
      return changes.map((change, i): ChangeRecord => ({ ...change, seq: seqs[i] as number }))
    },
    async redactChanges(profileIds) {
      if (profileIds.length === 0) return 0
      const { rows } = await run(
        `UPDATE ${schema}.changes SET patch = '[]'::json, redacted = true
         WHERE profile_id = ANY($1::text[]) AND NOT (redacted AND json_array_length(patch) = 0)
         RETURNING seq`,
        [profileIds],
      )
      return rows.length
    },
    async putSuppressions(input) {
      if (input.length === 0) return
      const suppressions = lastById(input, (x) => x.hash)
      await run(
        `INSERT INTO ${schema}.suppressions (hash, created_at, erasure_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
         ON CONFLICT (hash) DO UPDATE SET created_at = excluded.created_at, erasure_id = excluded.erasure_id`,
        [suppressions.map((x) => x.hash), suppressions.map((x) => x.createdAt), suppressions.map((x) => x.erasureId)],
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
