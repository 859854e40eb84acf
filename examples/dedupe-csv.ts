// Deduplicate a contact export, and measure it against known answers.
// The export is Splink's synthetic `fake_1000.csv` (MIT, see examples/data/splink_fake_1000/):
// 1,000 rows of 251 people, with typos, nicknames, blanks and shifted birth dates. Its `cluster`
// column says which rows are the same person, so we can score pairwise precision, recall and F1.
//
// Run with `npx tsx examples/dedupe-csv.ts`. Each block also runs as a notebook cell.
import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import { createEngine, type CustomerEventInput, dedupe, eventIdFor, normalizeEmail, type PersonRecord, trainModel } from '../src/index.js'

interface Row {
  readonly unique_id: string
  readonly first_name: string
  readonly surname: string
  readonly dob: string
  readonly city: string
  readonly email: string
  readonly cluster: string
}

const rows: Row[] = parse(await readFile(new URL('./data/splink_fake_1000/fake_1000.csv', import.meta.url), 'utf8'), { columns: true, skip_empty_lines: true })

/** One export row as a canonical `record` event: identifiers from the row, the rest as traits. */
function toEvent(row: Row): CustomerEventInput {
  const name = [row.first_name, row.surname].filter(Boolean).join(' ')
  const email = row.email ? normalizeEmail(row.email) : undefined
  return {
    type: 'record',
    occurredAt: '2026-11-01T00:00:00Z',
    channel: 'crm',
    direction: 'internal',
    actor: { role: 'system', id: 'contact-export' },
    // The export's row id is not a person id (every row has its own), so it is the event's source id, not an identifier.
    // A malformed address (a typo in the export) is not evidence, but the row still counts: keep it as a trait.
    identifiers: email ? [{ kind: 'email', value: email, grade: 'record' }] : [],
    traits: { name: name || null, email: row.email || null, givenName: row.first_name || null, familyName: row.surname || null, birthDate: row.dob || null, city: row.city || null },
    source: { system: 'contact-export', id: row.unique_id },
  }
}

// ─── Two resolvers ───────────────────────────────────────────────────────────────────────────
// Exact: the engine's deterministic identity resolution, which joins rows sharing a normalized
// identifier (here, the email address). Probabilistic: `dedupe`, the Fellegi-Sunter matcher,
// with m/u trained on this very file by EM (an explicit, unsupervised step; no labels used).
async function exactResolver(input: readonly Row[]): Promise<Map<string, string>> {
  const engine = createEngine({ clock: () => new Date('2026-11-21T09:00:00Z') })
  const report = await engine.ingest(input.map(toEvent))
  if (report.rejected.length > 0) console.log(`${report.rejected.length} rows rejected, e.g.`, report.rejected[0])
  const personOf = new Map<string, string>()
  for (const row of input) {
    const found = await engine.profile({ eventId: eventIdFor('contact-export', row.unique_id) })
    if (found) personOf.set(row.unique_id, found.id)
  }
  return personOf
}

function probabilisticResolver(input: readonly Row[]): Map<string, string> {
  const records: PersonRecord[] = input.map((row) => ({
    id: row.unique_id,
    ...(row.first_name ? { givenName: row.first_name } : {}),
    ...(row.surname ? { familyName: row.surname } : {}),
    ...(row.dob ? { birthDate: row.dob } : {}),
    ...(row.city ? { city: row.city } : {}),
    ...(row.email ? { email: row.email } : {}),
  }))
  const model = trainModel(records)
  const result = dedupe(records, { model })
  console.log(`probabilistic: ${result.stats.candidatePairs} candidate pairs, ${result.pairs.filter((p) => p.decision === 'review').length} suggested for review`)
  return new Map(result.assignments)
}

/** Pairwise precision, recall and F1 of a `row id -> person` map against the `cluster` labels. */
function score(resolver: string, predicted: ReadonlyMap<string, string>) {
  const pairs = (sizes: Iterable<number>) => [...sizes].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0)
  const sizes = (keyOf: (row: Row) => string) => {
    const counts = new Map<string, number>()
    for (const row of rows) counts.set(keyOf(row), (counts.get(keyOf(row)) ?? 0) + 1)
    return counts
  }
  // A row the resolver left out counts as a person of its own.
  const personKey = (row: Row) => predicted.get(row.unique_id) ?? `row:${row.unique_id}`
  const truePairs = pairs(sizes((row) => row.cluster).values())
  const predictedPairs = pairs(sizes(personKey).values())
  // A predicted pair is right when both rows also share a cluster: count pairs inside each (person, cluster) cell.
  const correctPairs = pairs(sizes((row) => `${personKey(row)}|${row.cluster}`).values())
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs
  const recall = correctPairs / truePairs
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return {
    resolver,
    people: sizes(personKey).size,
    'true pairs': truePairs,
    'predicted pairs': predictedPairs,
    'correct pairs': correctPairs,
    precision: precision.toFixed(3),
    recall: recall.toFixed(3),
    F1: f1.toFixed(3),
  }
}

const exact = await exactResolver(rows)
const probabilistic = probabilisticResolver(rows)
console.log(`${rows.length} rows, ${new Set(rows.map((row) => row.cluster)).size} true people`)
console.table([score('exact identifiers (engine.ingest)', exact), score('probabilistic (trainModel + dedupe)', probabilistic)])

// What exact matching misses (same person, different rows, no shared identifier) and whether
// the probabilistic matcher found it from names, birth dates, cities and email similarity.
const byCluster = new Map<string, Row[]>()
for (const row of rows) byCluster.set(row.cluster, [...(byCluster.get(row.cluster) ?? []), row])
const missed: Record<string, string>[] = []
for (const group of byCluster.values()) {
  for (let i = 0; i < group.length && missed.length < 6; i++) {
    for (let j = i + 1; j < group.length && missed.length < 6; j++) {
      const [a, b] = [group[i] as Row, group[j] as Row]
      if (exact.get(a.unique_id) === exact.get(b.unique_id)) continue
      const show = (row: Row) => `${row.first_name || '?'} ${row.surname || '?'}, ${row.dob}, ${row.email || '(no email)'}`
      missed.push({ cluster: a.cluster, a: show(a), b: show(b), probabilistic: probabilistic.get(a.unique_id) === probabilistic.get(b.unique_id) ? 'joined' : 'missed' })
    }
  }
  if (missed.length >= 6) break
}
console.log('\nSame person, not joined by exact identifiers (a sample):')
console.table(missed)
