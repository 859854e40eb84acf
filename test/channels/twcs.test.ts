import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { adapt, createChannelContext } from '../../src/channels/index.js'
import type { CustomerEvent } from '../../src/events/index.js'
import { buildConversations } from '../../src/timeline/conversations.js'

/**
 * The first rows of Kaggle's "Customer Support on Twitter" (CC BY-NC-SA 4.0, Thought Vector),
 * read where the team keeps it: its licence forbids copying it, or excerpts of it, into the repo.
 */
const SAMPLE = fileURLToPath(new URL('../../../shared/data/twcs_sample/twcs_first_rows.csv', import.meta.url))
const present = existsSync(SAMPLE)

interface Row {
  tweet_id: string
  author_id: string
  inbound: string
  created_at: string
  text: string
  response_tweet_id: string
  in_response_to_tweet_id: string
}

/** `Tue Oct 31 22:10:47 +0000 2017` (Twitter API v1.1) to ISO 8601. */
function isoTime(v1: string): string {
  const [, month, day, time, offset, year] = v1.split(' ')
  return new Date(`${day} ${month} ${year} ${time} ${offset}`).toISOString()
}

/** `3.0` (pandas wrote the ids as floats) to `3`. */
function tweetId(raw: string): string | undefined {
  return raw.trim() ? String(Math.trunc(Number(raw))) : undefined
}

describe('x.post on TWCS', () => {
  it.skipIf(!present)(`rebuilds every reply thread of the TWCS sample (skipped: ${SAMPLE} is absent)`, () => {
    const rows = parse(readFileSync(SAMPLE, 'utf8'), { columns: true, skip_empty_lines: true }) as Row[]
    expect(rows.length).toBeGreaterThan(100)
    // Outbound rows are the brands' accounts: the company's own, never customers.
    const brands = [...new Set(rows.filter((row) => row.inbound === 'False').map((row) => row.author_id))]
    const context = createChannelContext({ ownAccounts: brands })
    const events: CustomerEvent[] = rows.flatMap((row) => {
      const parent = tweetId(row.in_response_to_tweet_id)
      // TWCS has no conversation_id: threads must come back from the reply links alone.
      const post = {
        id: row.tweet_id,
        text: row.text,
        author_id: row.author_id,
        created_at: isoTime(row.created_at),
        ...(parent ? { referenced_tweets: [{ type: 'replied_to', id: parent }] } : {}),
      }
      return adapt('x.post', { data: post }, context)
    })
    expect(events).toHaveLength(rows.length)
    expect(events.filter((e) => e.direction === 'outbound').every((e) => e.identifiers.every((i) => !brands.includes(i.value)))).toBe(true)

    // The threads the reply ids define: connected components of tweet -> in_response_to, where a
    // parent outside the slice still ties its replies together (SOURCE.md: 89 links leave the slice).
    const parentOf = new Map<string, string>()
    const find = (id: string): string => {
      let root = id
      while (parentOf.has(root) && parentOf.get(root) !== root) root = parentOf.get(root) as string
      return root
    }
    for (const row of rows) {
      const parent = tweetId(row.in_response_to_tweet_id)
      if (parent && find(row.tweet_id) !== find(parent)) parentOf.set(find(row.tweet_id), find(parent))
    }
    const expected = new Map<string, string[]>()
    for (const row of rows) expected.set(find(row.tweet_id), [...(expected.get(find(row.tweet_id)) ?? []), row.tweet_id])

    const tweetOf = new Map(events.map((e) => [e.id, e.source.id]))
    const rebuilt = buildConversations(events).map((c) => c.eventIds.map((id) => tweetOf.get(id) as string).sort())
    const sortGroups = (list: string[][]) => list.map((g) => [...g].sort()).sort((a, b) => (a.join() < b.join() ? -1 : 1))
    expect(sortGroups(rebuilt)).toEqual(sortGroups([...expected.values()]))
    // The same links read from the other side: every in-slice response id answers its tweet.
    const inSlice = new Set(rows.map((row) => row.tweet_id))
    for (const row of rows) {
      for (const child of row.response_tweet_id.split(',').map((id) => id.trim()).filter((id) => inSlice.has(id))) {
        expect(rebuilt.some((group) => group.includes(child) && group.includes(row.tweet_id))).toBe(true)
      }
    }
    expect(rebuilt.some((group) => group.length >= 5)).toBe(true)
  })
})
