import { indexKeys, type ChangeRecord, type StoreWriter } from '../store.js'
import type { PgQueryable } from './pg-like.js'
import { jsonList, separators } from './packed-text.js'

type WriteMethods = Omit<StoreWriter, keyof import('../store.js').StoreReader | 'lock'>

/** Keeps the last of several entries with one id, as applying them in order would. */
function lastById<T>(items: readonly T[], id: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [id(item), item])).values()]
}

/**
 * The writes of the contract as SQL on one transaction's connection: one statement per call,
 * set-based whatever the batch size. Columns travel as packed lists (packed-text.ts: one text
 * parameter per column, split server-side by `string_to_array`) zipped with `ROWS FROM`;
 * documents are the JSON text of each value, stored as `text` as they arrive (schema version 4).
 *
 * Rows that may already exist are found by one read at the start of the statement and then
 * updated, and the others inserted plainly: `INSERT ... ON CONFLICT` costs a speculative
 * insertion per row (measured as much as the insert itself on `event_keys`). A row inserted by a
 * concurrent transaction after that read makes the insert fail with a unique violation, which
 * `transaction` retries like a deadlock, so the retried work finds the row.
 *
 * Index tables (event_keys, profile_members) are updated in the same statement through CTEs
 * that touch disjoint rows, since the CTEs of one statement do not see each other's writes.
 * @example const writes = createSqlWriter(client, '"throughline"')
 */
export function createSqlWriter(db: PgQueryable, schema: string): WriteMethods {
  const run = (text: string, values: unknown[]) => db.query(text, values)
  const nextVersion = `nextval('${schema}.member_versions')`
  /** A CTE giving a new member version to the profiles holding the events `$1` (they are deleted). */
  const membersChanged = `changed AS (
           UPDATE ${schema}.profiles SET member_version = ${nextVersion}
           WHERE id IN (SELECT profile_id FROM ${schema}.profile_members WHERE event_id = ANY($1::text[]))
         )`
  return {
    async putEvents(input) {
      if (input.length === 0) return
      const events = lastById(input, (e) => e.id)
      const ids: string[] = []
      const keys: string[] = []
      const keyEvents: string[] = []
      for (const event of events) {
        ids.push(event.id)
        for (const key of new Set(indexKeys(event))) {
          keys.push(key)
          keyEvents.push(event.id)
        }
      }
      const [sep] = separators(1, [ids, keys]) as [string]
      const bodies = jsonList(events)
      await run(
        `WITH input AS MATERIALIZED (
           SELECT * FROM ROWS FROM (unnest(string_to_array($1, $7)), unnest(string_to_array($2, $7)::timestamptz[]),
                                    unnest(string_to_array($3, $7)::int[]), unnest(string_to_array($4, $8))) AS i(id, occurred_at, revision, body)
         ), new_keys AS MATERIALIZED (
           SELECT * FROM ROWS FROM (unnest(string_to_array($5, $7)), unnest(string_to_array($6, $7))) AS k(key, event_id)
         ), old AS MATERIALIZED (
           SELECT e.id FROM ${schema}.events e WHERE e.id = ANY(string_to_array($1, $7))
         ), inserted AS (
           INSERT INTO ${schema}.events (id, occurred_at, revision, body)
           SELECT * FROM input i WHERE NOT EXISTS (SELECT 1 FROM old WHERE old.id = i.id)
         ), updated AS (
           UPDATE ${schema}.events e SET occurred_at = i.occurred_at, revision = i.revision, body = i.body
           FROM input i WHERE e.id = i.id AND i.id IN (SELECT id FROM old)
         ), stale AS (
           DELETE FROM ${schema}.event_keys k WHERE k.event_id IN (SELECT id FROM old)
             AND (k.key, k.event_id) NOT IN (SELECT * FROM new_keys)
         ), changed AS (
           -- Events rewritten (or members stored late): their profiles take a new member version.
           UPDATE ${schema}.profiles SET member_version = ${nextVersion}
           WHERE id IN (SELECT profile_id FROM ${schema}.profile_members WHERE event_id = ANY(string_to_array($1, $7)))
         )
         INSERT INTO ${schema}.event_keys (key, event_id)
         SELECT n.key, n.event_id FROM new_keys n
         WHERE NOT EXISTS (SELECT 1 FROM old WHERE old.id = n.event_id)
            OR NOT EXISTS (SELECT 1 FROM ${schema}.event_keys k WHERE k.key = n.key AND k.event_id = n.event_id)`,
        [
          ids.join(sep),
          events.map((e) => e.occurredAt).join(sep),
          events.map((e) => e.revision).join(sep),
          bodies.text,
          keys.join(sep),
          keyEvents.join(sep),
          sep,
          bodies.separator,
        ],
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
      const ids = profiles.map((p) => p.id)
      const memberIds = [...members.keys()]
      const memberProfiles = [...members.values()]
      // Two separators: profiles apart, and the member ids of one profile apart.
      const [sep, inner] = separators(2, [ids, memberIds]) as [string, string]
      const evidence = jsonList(profiles.map((p) => p.evidence))
      // No snapshot is JSON `null`, which reads back as no snapshot.
      const snapshots = jsonList(profiles.map((p) => p.snapshot ?? null))
      // Members that stay where they are are neither rewritten nor locked: a profile gaining one
      // event re-sends all its members, and rewriting each would cost a tuple and two index entries.
      await run(
        `WITH input AS MATERIALIZED (
           SELECT id, coalesce(string_to_array(members, $8), '{}') AS event_ids, evidence, nullif(snapshot, 'null') AS snapshot
           FROM ROWS FROM (unnest(string_to_array($1, $7)), unnest(string_to_array($2, $7)), unnest(string_to_array($3, $9)),
                           unnest(string_to_array($4, $10))) AS p(id, members, evidence, snapshot)
         ), old AS MATERIALIZED (
           SELECT p.id, p.event_ids FROM ${schema}.profiles p WHERE p.id = ANY(string_to_array($1, $7))
         ), inserted AS (
           INSERT INTO ${schema}.profiles (id, event_ids, evidence, snapshot)
           SELECT * FROM input i WHERE NOT EXISTS (SELECT 1 FROM old WHERE old.id = i.id)
         ), updated AS (
           UPDATE ${schema}.profiles p SET event_ids = i.event_ids, evidence = i.evidence, snapshot = i.snapshot,
             -- A member left: a new member version (a new row takes one by default).
             member_version = CASE WHEN old.event_ids <@ i.event_ids THEN p.member_version ELSE ${nextVersion} END
           FROM input i JOIN old ON old.id = i.id WHERE p.id = i.id
         ), new_members AS MATERIALIZED (
           SELECT * FROM ROWS FROM (unnest(string_to_array($5, $7)), unnest(string_to_array($6, $7))) AS n(event_id, profile_id)
         ), old_members AS MATERIALIZED (
           SELECT m.event_id, m.profile_id FROM ${schema}.profile_members m WHERE m.event_id = ANY(string_to_array($5, $7))
         ), stale AS (
           DELETE FROM ${schema}.profile_members m WHERE m.profile_id = ANY(string_to_array($1, $7))
             AND m.event_id NOT IN (SELECT event_id FROM new_members)
         ), moved AS (
           UPDATE ${schema}.profile_members m SET profile_id = n.profile_id
           FROM new_members n JOIN old_members o ON o.event_id = n.event_id AND o.profile_id <> n.profile_id
           WHERE m.event_id = n.event_id
         )
         INSERT INTO ${schema}.profile_members (event_id, profile_id)
         SELECT n.event_id, n.profile_id FROM new_members n WHERE NOT EXISTS (SELECT 1 FROM old_members o WHERE o.event_id = n.event_id)`,
        [
          ids.join(sep),
          profiles.map((p) => p.eventIds.join(inner)).join(sep),
          evidence.text,
          snapshots.text,
          memberIds.join(sep),
          memberProfiles.join(sep),
          sep,
          inner,
          evidence.separator,
          snapshots.separator,
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
      const patches = jsonList(changes.map((c) => c.patch))
      await run(`LOCK TABLE ${schema}.changes IN EXCLUSIVE MODE`, [])
      const { rows } = await run(
        `INSERT INTO ${schema}.changes (profile_id, op, patch, cause, at, merged_into, split_from, redacted)
         SELECT profile_id, op, patch, cause, at, merged_into, split_from, redacted
         FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest(string_to_array($3, $9)), unnest($4::text[]), unnest($5::text[]),
                         unnest($6::text[]), unnest($7::text[]), unnest($8::boolean[]))
           WITH ORDINALITY AS c(profile_id, op, patch, cause, at, merged_into, split_from, redacted, n)
         ORDER BY n
         RETURNING seq`,
        [
          changes.map((c) => c.profileId),
          changes.map((c) => c.op),
          patches.text,
          changes.map((c) => c.cause),
          changes.map((c) => c.at),
          changes.map((c) => c.mergedInto ?? null),
          changes.map((c) => c.splitFrom ?? null),
          changes.map((c) => c.redacted === true),
          patches.separator,
        ],
      )
      // Rows are numbered in insertion order; sorting the returned seqs does not rely on RETURNING order.
      const seqs = rows.map((row: { seq: string | number }) => Number(row.seq)).sort((a, b) => a - b)
      return changes.map((change, i): ChangeRecord => ({ ...change, seq: seqs[i] as number }))
    },
    async redactChanges(profileIds) {
      if (profileIds.length === 0) return 0
      const { rows } = await run(
        `UPDATE ${schema}.changes SET patch = '[]', redacted = true
         WHERE profile_id = ANY($1::text[]) AND NOT (redacted AND patch = '[]')
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
