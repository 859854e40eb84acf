import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresStore, migrate } from '../../src/store/postgres/index.js'
import { storeContract, storeEvent } from './contract.js'
import { dropSchema, PG_URL, SKIP_MESSAGE, testPool, testSchema } from './pg-server.js'

describe.skipIf(!PG_URL)(`postgres server (${PG_URL ? 'THROUGHLINE_PG_URL' : SKIP_MESSAGE})`, () => {
  const pool = PG_URL ? testPool(8) : undefined
  const schemas: string[] = []
  afterAll(async () => {
    if (!pool) return
    for (const schema of schemas) await dropSchema(pool, schema)
    await pool.end()
  })

  storeContract('postgres', async () => {
    const schema = testSchema(`contract${schemas.length}`)
    schemas.push(schema)
    const store = createPostgresStore({ pool: pool!, schema })
    await store.migrate()
    return store
  })

  describe('migrate', () => {
    it('is safe when many callers race on an empty database', async () => {
      const schema = testSchema('race')
      schemas.push(schema)
      const reports = await Promise.all(Array.from({ length: 6 }, () => migrate({ pool: pool!, schema })))
      expect(reports.flatMap((r) => r.applied)).toEqual([1, 2, 3, 4])
      expect(reports.every((r) => r.version === 4)).toBe(true)
    })

    it('is safe when two processes race', async () => {
      const schema = testSchema('procrace')
      schemas.push(schema)
      const script = `import pg from 'pg'; import { migrate } from './src/store/postgres/index.ts';
        const pool = new pg.Pool({ connectionString: process.env.THROUGHLINE_PG_URL });
        const r = await migrate({ pool, schema: '${schema}' }); console.log(JSON.stringify(r)); await pool.end()`
      const run = () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
          let out = ''
          child.stdout.on('data', (d: Buffer) => (out += d))
          child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}`))))
        })
      const outputs = (await Promise.all([run(), run()])).map((o) => JSON.parse(o) as { applied: number[] })
      expect(outputs.flatMap((o) => o.applied)).toEqual([1, 2, 3, 4])
    }, 30_000)
  })

  describe('locking and the change feed', () => {
    let schema: string
    beforeAll(async () => {
      schema = testSchema('locks')
      schemas.push(schema)
      await migrate({ pool: pool!, schema })
    })

    it('serializes transactions that lock the same key across connections', async () => {
      const store = createPostgresStore({ pool: pool!, schema })
      const order: string[] = []
      const slow = store.transaction(async (tx) => {
        await tx.lock(['email:shared@example.com'])
        order.push('slow:locked')
        await new Promise((r) => setTimeout(r, 150))
        order.push('slow:done')
      })
      await new Promise((r) => setTimeout(r, 30))
      const fast = store.transaction(async (tx) => {
        await tx.lock(['email:shared@example.com'])
        order.push('fast:locked')
      })
      await Promise.all([slow, fast])
      expect(order).toEqual(['slow:locked', 'slow:done', 'fast:locked'])
    })

    it('retries work whose later lock call finds a key taken, without deadlocking', async () => {
      const store = createPostgresStore({ pool: pool!, schema })
      let attempts = 0
      const crossing = (first: string, second: string, count: boolean) =>
        store.transaction(async (tx) => {
          if (count) attempts++
          await tx.lock([first])
          await new Promise((r) => setTimeout(r, 50))
          await tx.lock([second])
          return first
        })
      const results = await Promise.all([crossing('k:a', 'k:b', true), crossing('k:b', 'k:a', false)])
      expect(results).toEqual(['k:a', 'k:b'])
      expect(attempts).toBeGreaterThanOrEqual(1)
    })

    it('retries a writer whose new rows another transaction inserted meanwhile, and keeps the later write', async () => {
      const store = createPostgresStore({ pool: pool!, schema })
      const first = storeEvent(900, { email: 'race@example.com' })
      const second = { ...first, revision: first.revision + 1 }
      const profile = (snapshot: unknown) => ({ id: first.id, eventIds: [first.id], evidence: [], snapshot })
      let attempts = 0
      let release = () => {}
      const held = new Promise<void>((resolve) => (release = resolve))
      // A inserts the event, profile and membership, then holds its transaction open. B read
      // them as missing when its statements started, so its inserts wait for A and then fail
      // with a unique violation; B's work runs again and rewrites the rows A committed.
      const a = store.transaction(async (tx) => {
        await tx.putEvents([first])
        await tx.putProfiles([profile({ by: 'a' })])
        await tx.getMeta('sync')
        setTimeout(release, 300)
        await held
      })
      await new Promise((r) => setTimeout(r, 100))
      const b = store.transaction(async (tx) => {
        attempts++
        await tx.putEvents([second])
        await tx.putProfiles([profile({ by: 'b' })])
      })
      await Promise.all([a, b])
      expect(attempts).toBeGreaterThanOrEqual(2)
      expect(await store.getEvents([first.id])).toEqual([second])
      expect((await store.getProfiles([first.id]))[0]?.snapshot).toEqual({ by: 'b' })
      expect(await store.findEventIdsByKeys(['email:race@example.com'])).toEqual(new Map([['email:race@example.com', [first.id]]]))
      expect(await store.findProfileIds([first.id])).toEqual(new Map([[first.id, first.id]]))
    })

    it('reports a failed write that the caller did not wait for, and commits nothing of the transaction', async () => {
      const broken = testSchema('broken')
      schemas.push(broken)
      await migrate({ pool: pool!, schema: broken })
      await pool!.query(`DROP TABLE "${broken}".links`)
      const store = createPostgresStore({ pool: pool!, schema: broken })
      const link = { id: 'lnk_1', kind: 'same' as const, a: 'evt_a', b: 'evt_b', origin: 'manual' as const, createdAt: '2026-01-01T00:00:00.000Z' }
      // The next call after the failed write throws its error, not "current transaction is aborted".
      let seen: unknown
      const next = await store
        .transaction(async (tx) => {
          await tx.putMeta('before', 1)
          await tx.putLinks([link])
          await tx.putMeta('after', 2)
          seen = await tx.getMeta('before').catch((error: unknown) => error)
          throw seen
        })
        .catch((error: unknown) => error)
      expect((seen as { code?: string }).code).toBe('42P01')
      expect((next as { cause?: { code?: string } }).cause?.code).toBe('42P01')
      // A failed write followed by no other call still fails the transaction before COMMIT.
      const last = await store
        .transaction(async (tx) => {
          await tx.putMeta('before', 1)
          await tx.putLinks([link])
        })
        .catch((error: unknown) => error)
      expect((last as { code?: string; cause?: { code?: string } }).code).toBe('store_failure')
      expect((last as { cause?: { code?: string } }).cause?.code).toBe('42P01')
      expect(await store.getMeta('before')).toBeUndefined()
      expect(await store.getMeta('after')).toBeUndefined()
    })

    it('publishes change seqs in commit order to a reader', async () => {
      const store = createPostgresStore({ pool: pool!, schema })
      const change = (profileId: string) => ({ profileId, op: 'create' as const, patch: [], cause: 'test', at: '2026-01-01T00:00:00.000Z' })
      // The first appender stays open after taking its seq; the second must not commit a higher seq before it.
      const first = store.transaction(async (tx) => {
        const records = await tx.appendChanges([change('prf_first')])
        await new Promise((r) => setTimeout(r, 150))
        return records
      })
      await new Promise((r) => setTimeout(r, 30))
      const second = store.transaction((tx) => tx.appendChanges([change('prf_second')]))
      await new Promise((r) => setTimeout(r, 50))
      expect(await store.getChanges(0)).toEqual([])
      const [a, b] = await Promise.all([first, second])
      expect(a[0]!.seq).toBeLessThan(b[0]!.seq)
      expect((await store.getChanges(0)).map((c) => c.profileId)).toEqual(['prf_first', 'prf_second'])
    })
  })
})
