// Quickstart: a few days of calls and emails, turned into one profile and one timeline per person.
// Run with `npm run demo` (or `npx tsx examples/quickstart.ts`); each block also runs as a notebook cell.
import { readFile } from 'node:fs/promises'
import { createEngine } from '../src/index.js'

const engine = createEngine({
  context: {
    ownEmails: ['support@acme.example'],
    ownDomains: ['acme.example'],
    ownPhones: ['+1 800 555 0199'],
    agents: [{ id: 'jane', name: 'Jane Ortiz', emails: ['jane@acme.example'] }],
  },
  // A fixed clock keeps the output the same on every run.
  clock: () => new Date('2026-11-21T09:00:00Z'),
})

// Each line is `{ format, payload }` as the provider sent it, or a canonical event (the CRM export rows).
const lines = (await readFile(new URL('./data/contacts.ndjson', import.meta.url), 'utf8')).split('\n').filter(Boolean)
const report = await engine.ingest(lines.map((line) => JSON.parse(line)))
console.log(`ingested ${lines.length} inputs: ${report.accepted} new, ${report.revised} revised, ${report.duplicates} duplicates, ${report.rejected.length} rejected, ${report.skipped.length} skipped`)

for (const { id } of await engine.store.listProfiles()) {
  const profile = await engine.profile(id)
  if (!profile) continue
  console.log(`\n${profile.traits.name?.value ?? '(no name yet)'}  ${profile.id}`)
  console.log(`  identifiers: ${profile.identifiers.map((i) => `${i.kind}:${i.value}`).join(', ') || '(none usable)'}`)
  console.table(
    (await engine.timeline(id)).map((entry) => ({
      when: entry.occurredAt.slice(0, 16).replace('T', ' '),
      channel: entry.channel,
      direction: entry.direction,
      who: entry.actor.name ?? entry.actor.id ?? entry.actor.role,
      what: entry.subject ?? entry.status ?? entry.type,
    })),
  )
}

// Why is the phone call Ann's? The evidence path from her email to the call.
const ann = await engine.events({ email: 'ann.lee@example.com' })
const firstEmail = ann.find((e) => e.channel === 'email')
const theCall = ann.find((e) => e.channel === 'voice')
if (firstEmail && theCall) {
  const why = await engine.explain(firstEmail.id, theCall.id)
  console.log(`\nWhy is the call of ${theCall.occurredAt.slice(0, 10)} Ann's?`)
  for (const step of why?.path ?? []) console.log(`  ${step.a} -> ${step.b}: ${step.reason}`)
}
