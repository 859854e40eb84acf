import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BENCH_CONTEXT, generateFile } from '../../bench/generate.js'
import { createEngine } from '../../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'throughline-generate-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('bench traffic generator', () => {
  it('writes byte-identical traffic and truth for the same seed, and different traffic for another seed', async () => {
    const options = { events: 600, seed: 7 }
    await generateFile(join(dir, 'a.ndjson'), options)
    await generateFile(join(dir, 'b.ndjson'), options)
    await generateFile(join(dir, 'c.ndjson'), { ...options, seed: 8 })
    const read = (name: string) => readFileSync(join(dir, name), 'utf8')
    expect(read('a.ndjson')).toBe(read('b.ndjson'))
    expect(read('a.ndjson.truth.ndjson')).toBe(read('b.ndjson.truth.ndjson'))
    expect(read('a.ndjson')).not.toBe(read('c.ndjson'))
    expect(read('a.ndjson').trim().split('\n')).toHaveLength(600)
  })

  it('produces traffic that ingests with no rejected input, and a truth line for every stored event', async () => {
    const file = join(dir, 'ingest.ndjson')
    await generateFile(file, { events: 800, seed: 3 })
    const inputs = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown)
    const engine = createEngine({ context: BENCH_CONTEXT, clock: () => new Date('2027-01-01T00:00:00Z') })
    const report = await engine.ingest(inputs)
    expect(report.rejected).toEqual([])
    expect(report.accepted).toBeGreaterThan(500)
    expect(report.duplicates).toBeGreaterThan(0)
    const truth = new Set(
      readFileSync(`${file}.truth.ndjson`, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { source: string }).source),
    )
    const stored = await engine.store.getEvents(report.eventIds)
    expect(stored.every((event) => truth.has(event.source.id))).toBe(true)
  })

  it('varies how the same person writes their email and phone', async () => {
    const file = join(dir, 'formats.ndjson')
    await generateFile(file, { events: 2_000, seed: 11 })
    const text = readFileSync(file, 'utf8')
    expect(text).toMatch(/"\(\d{3}\) \d{3}-\d{4}"/u)
    expect(text).toMatch(/"\d{3}\.\d{3}\.\d{4}"/u)
    expect(text).toMatch(/\+(orders|shop|news|x)@/u)
    expect(text).toMatch(/"address":"[A-Z]/u)
  })
})
