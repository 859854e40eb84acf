import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTEXT, EVENTS, ndjson, run } from './cli-harness.js'

const PG_URL = process.env.THROUGHLINE_PG_URL
if (!PG_URL) console.warn('THROUGHLINE_PG_URL is not set: skipping the CLI --pg test (run `source .ci/pg-start.sh` first)')

describe.skipIf(!PG_URL)('throughline --pg', () => {
  it('migrates, ingests into PostgreSQL and answers lookups from it on the next run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'throughline-cli-pg-'))
    try {
      await writeFile(join(dir, 'events.ndjson'), ndjson(EVENTS))
      await writeFile(join(dir, 'context.json'), JSON.stringify(CONTEXT))
      const ingested = await run(['ingest', join(dir, 'events.ndjson'), '--context', join(dir, 'context.json'), '--pg', PG_URL as string])
      expect(ingested.stderr).toBe('')
      expect(ingested.code).toBe(0)
      const profile = await run(['profile', 'crm:hubspot:1001', '--pg', PG_URL as string, '--json'])
      expect(profile.code).toBe(0)
      expect(JSON.parse(profile.stdout).traits.name.value).toBe('Ann Lee')
      const exported = await run(['export', '--pg', PG_URL as string, '--json'])
      expect(JSON.parse(exported.stdout).map((row: { name: string }) => row.name)).toEqual(expect.arrayContaining(['Ann Lee', 'Bob Stone']))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
