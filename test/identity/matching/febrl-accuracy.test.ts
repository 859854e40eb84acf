import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { readPersonCsv } from '../../../src/cli/person-csv.js'
import { dedupe, trainModel } from '../../../src/identity/matching/index.js'
import { pairwiseMetrics } from '../../../bench/pairwise-metrics.js'

const file = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/febrl/dataset2.csv')
const present = existsSync(file)
if (!present) console.warn(`skipping Febrl accuracy test: ${file} not found (shared/ must sit beside the repository)`)

describe('dedupe on Febrl dataset2', () => {
  it.skipIf(!present)('keeps pairwise F1 at or above 0.97 with default settings and a model trained on the file', () => {
    const csv = readPersonCsv(readFileSync(file, 'utf8'), { idColumn: 'rec_id' })
    const truth = new Map(csv.records.map((r) => [r.id, /^rec-(\d+)/u.exec(r.id)?.[1] ?? r.id]))
    const { assignments } = dedupe(csv.records, { model: trainModel(csv.records) })
    const metrics = pairwiseMetrics(assignments, truth)
    expect(metrics.f1).toBeGreaterThanOrEqual(0.97)
  })
})
