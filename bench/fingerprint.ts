// Ingests a file and prints a SHA-256 of everything resolution produces: every stored profile
// (id, members, evidence, snapshot, JSON) and the whole change feed. Two source trees that print
// the same hash for the same file produced identical results (used to check optimizations).
//   npx tsx bench/fingerprint.ts FILE [--batch 5000]
import { createHash } from 'node:crypto'
import { parseArgs } from './generate.js'
import { measureIngest } from './ingest.js'

const file = process.argv[2] as string
const args = parseArgs(process.argv.slice(3))
const { engine } = await measureIngest(file, { batch: Number(args.get('batch') ?? 5_000) })
const hash = createHash('sha256')
let profiles = 0
let after: string | undefined
for (;;) {
  const page = await engine.store.listProfiles({ ...(after ? { after } : {}), limit: 1000 })
  if (page.length === 0) break
  for (const p of page) hash.update(JSON.stringify(p))
  profiles += page.length
  after = page.at(-1)?.id
}
const changes = await engine.store.getChanges(0)
for (const c of changes) hash.update(JSON.stringify(c))
console.log(JSON.stringify({ profiles, changes: changes.length, sha256: hash.digest('hex') }))
