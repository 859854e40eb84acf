/**
 * throughline on PostgreSQL: two "service instances" (two engines over one database) see one
 * profile per person. Runs anywhere on embedded PGlite; set THROUGHLINE_PG_URL to use a server.
 *   npx tsx examples/postgres.ts
 *   THROUGHLINE_PG_URL=postgres://postgres@127.0.0.1:54329/throughline npx tsx examples/postgres.ts
 */
import { adapt, createEngine } from '../src/index.js'
import { createPostgresStore, type PostgresPool } from '../src/store/postgres/index.js'

const url = process.env.THROUGHLINE_PG_URL
let pool: PostgresPool
let shutdown: () => Promise<void>
if (url) {
  const pg = (await import('pg')).default
  const server = new pg.Pool({ connectionString: url })
  pool = server
  shutdown = () => server.end()
} else {
  const { PGlite } = await import('@electric-sql/pglite')
  const embedded = await PGlite.create()
  pool = embedded
  shutdown = () => embedded.close()
}

const store = createPostgresStore({ pool, schema: 'throughline_example' })
console.log('migrated:', await store.migrate())

const context = { ownEmails: ['support@acme.example'], ownPhones: ['+1 800 555 0199'] }
const clock = () => new Date('2026-11-20T12:00:00Z')
// Two engines on one store stand for two instances of a service behind a load balancer.
const phoneDesk = createEngine({ store, context, clock })
const emailDesk = createEngine({ store, context, clock })

await emailDesk.ingest(
  adapt(
    'email.postal-mime',
    {
      messageId: '<m1@example.com>',
      from: { address: 'Ann.Lee@Example.com', name: 'Ann Lee' },
      to: [{ address: 'support@acme.example', name: 'Acme Support' }],
      subject: 'Order A-1001 arrived broken',
      date: '2026-11-16T09:12:00Z',
      text: 'My order A-1001 arrived broken. Call me on 415-555-0100.',
    },
    emailDesk.context,
  ),
)
await phoneDesk.ingest(
  adapt(
    'twilio.voice.status',
    {
      AccountSid: 'AC00000000000000000000000000000001',
      CallSid: 'CA1',
      From: '(415) 555-0100',
      To: '+18005550199',
      Direction: 'inbound',
      CallStatus: 'completed',
      CallDuration: '240',
      Timestamp: 'Wed, 18 Nov 2026 15:04:00 +0000',
    },
    phoneDesk.context,
  ),
)

// A signed-in chat carries both the email and the phone: now the call and the email are one person.
await emailDesk.ingest([
  {
    occurredAt: '2026-11-19T10:00:00Z',
    channel: 'chat',
    direction: 'inbound',
    actor: { role: 'customer', name: 'Ann Lee' },
    identifiers: [
      { kind: 'email', value: 'ann.lee@example.com', grade: 'verified' },
      { kind: 'phone', value: '+1 415 555 0100', grade: 'verified' },
    ],
    content: { text: 'Any news on the replacement?' },
    source: { system: 'webchat', id: 'chat-1' },
  },
])

const profile = await phoneDesk.profile({ phone: '+1 415 555 0100' })
console.log('profile seen by the phone desk:', { id: profile?.id, eventCount: profile?.eventCount, channels: profile?.channels })
console.log('timeline seen by the email desk:', (await emailDesk.timeline({ email: 'ann.lee@example.com' })).map((e) => `${e.occurredAt} ${e.channel}`))
console.log('change feed:', (await store.getChanges(0)).map((c) => `#${c.seq} ${c.op} ${c.profileId}`))

await shutdown()
