/**
 * Keeps a CRM in sync with throughline through the change feed alone: every profile change
 * arrives as an RFC 6902 patch; the "CRM" here is a plain object of documents by profile id.
 * Shows a merge (two profiles become one), a consent change and an erasure.
 *
 *   npx tsx examples/crm-sync.ts
 */
import jsonPatch, { type Operation } from 'fast-json-patch'
import { type ChangeRecord, createEngine, createMemoryStore, decideContact, type Profile } from '../src/index.js'

let now = new Date('2026-11-20T09:00:00Z')
const store = createMemoryStore()
const engine = createEngine({
  store,
  clock: () => now,
  context: { ownEmails: ['support@acme.example'], ownPhones: ['+1 800 555 0199'] },
  // In production the salt comes from a secret store; it never lives in the store it protects.
  erasure: { salt: 'example-salt-0123456789abcdef' },
  onError: (error) => console.error('CRM sync failed:', error),
})

// The consumer contract: create = patch applied to {}, update = patch applied to the document, delete = remove it.
const crm: Record<string, Profile> = {}
const feed: Record<string, unknown>[] = []
engine.subscribe((records: readonly ChangeRecord[]) => {
  for (const record of records) {
    feed.push({ seq: record.seq, op: record.op, profile: record.profileId, cause: record.cause, ops: record.patch.length, note: record.mergedInto ? `merged into ${record.mergedInto}` : record.splitFrom ? `split from ${record.splitFrom}` : '' })
    if (record.op === 'delete') delete crm[record.profileId]
    else crm[record.profileId] = jsonPatch.applyPatch(structuredClone(record.op === 'create' ? {} : crm[record.profileId]), record.patch as Operation[], true, false).newDocument as Profile
  }
})

function show(title: string): void {
  console.log(`\n## ${title}\nchange feed:`)
  console.table(feed.splice(0))
  console.log('CRM:')
  console.table(
    Object.values(crm).map((p) => ({
      id: p.id,
      name: p.traits.name ? `${p.traits.name.value} (${p.traits.name.rule}, from ${p.traits.name.source})` : '',
      identifiers: p.identifiers.map((i) => `${i.kind}:${i.value}`).join(' '),
      // The mirrored document is enough to decide: the CRM runs the same rule as engine.canContact.
      'email marketing': decideContact(p, 'email', 'marketing').reason,
      preferred: p.preferredChannel ? `${p.preferredChannel.channel} (${p.preferredChannel.basis})` : '-',
      events: p.eventCount,
    })),
  )
}

const customer = { role: 'customer' } as const
await engine.ingest([
  { occurredAt: '2026-11-16T09:12:00Z', channel: 'email', direction: 'inbound', actor: customer, identifiers: [{ kind: 'email', value: 'Ann.Lee@Example.com' }], traits: { name: 'annie' }, content: { text: 'My order A-1001 arrived broken' }, source: { system: 'email', id: '<m1@example.com>' } },
  { occurredAt: '2026-11-18T15:04:00Z', channel: 'voice', direction: 'inbound', actor: customer, type: 'call', identifiers: [{ kind: 'phone', value: '(415) 555-0100' }], source: { system: 'twilio.voice', id: 'CA1' } },
  { occurredAt: '2026-11-18T16:00:00Z', channel: 'email', direction: 'inbound', actor: customer, identifiers: [{ kind: 'email', value: 'bob@example.com' }], traits: { name: 'Bob Stone' }, source: { system: 'email', id: '<b1@example.com>' } },
])
show('Three contacts: Ann by email, an unknown caller, Bob')

// The CRM row names Ann's email and phone: the caller was Ann, and the two profiles merge.
await engine.ingest([
  { type: 'record', occurredAt: '2026-11-19T08:00:00Z', channel: 'crm', direction: 'internal', actor: { role: 'system' }, identifiers: [{ kind: 'email', value: 'ann.lee@example.com', grade: 'record' }, { kind: 'phone', value: '+14155550100', grade: 'record' }], traits: { name: 'Ann Lee', city: 'Leeds' }, source: { system: 'hubspot', id: 'contact-42' } },
])
show('A CRM record joins the email and the call: update + delete')

now = new Date('2026-11-20T10:00:00Z')
await engine.setConsent({ email: 'ann.lee@example.com' }, { channel: 'email', purpose: 'marketing', granted: true, source: 'preference-center' })
await engine.ingest([
  { occurredAt: '2026-11-20T11:00:00Z', channel: 'sms', direction: 'inbound', actor: customer, identifiers: [{ kind: 'phone', value: '+14155550100' }], content: { text: 'STOP' }, consent: [{ channel: 'sms', purpose: 'marketing', granted: false }], source: { system: 'twilio.sms', id: 'SM1' } },
])
show('Ann opts in to email marketing, then texts STOP')
console.table(
  await Promise.all(
    (['email', 'sms'] as const).flatMap((channel) =>
      (['service', 'marketing'] as const).map(async (purpose) => ({ channel, purpose, ...(await engine.canContact({ email: 'ann.lee@example.com' }, { channel, purpose })) })),
    ),
  ),
)

now = new Date('2026-11-21T09:00:00Z')
const preview = await engine.erase({ phone: '415-555-0100' }, { dryRun: true })
console.log(`\ndry run: would erase ${preview.events} events of ${preview.profileIds.length} profile; nothing changed (${(await engine.changes({ since: 7 })).length} new changes)`)
const report = await engine.erase({ phone: '415-555-0100' }, { reason: 'DSR-1042' })
show('Ann asks to be forgotten: one delete, no personal data in it')
console.log('erasure report (counts and ids only, no values):')
console.table(Object.entries(report).map(([field, value]) => ({ field, value: typeof value === 'object' ? JSON.stringify(value) : value })))

const replay = await engine.ingest([{ occurredAt: '2026-11-16T09:12:00Z', channel: 'email', direction: 'inbound', actor: customer, identifiers: [{ kind: 'email', value: 'ann.lee@example.com' }], source: { system: 'email', id: '<m1@example.com>' } }])
console.log('\nreplaying her old email:', replay.rejected.map((r) => `${r.code}: ${r.message}`))

const engineView = Object.fromEntries((await store.listProfiles()).map((p) => [p.id, p.snapshot]))
console.log('CRM mirror equals the engine:', JSON.stringify(crm) === JSON.stringify(engineView))
const dump = JSON.stringify(store.snapshot())
console.log('store dump mentions Ann:', ['ann.lee@example.com', '4155550100', 'Ann Lee', 'annie', 'A-1001'].some((s) => dump.includes(s)))
