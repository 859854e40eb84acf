// A customer's broken order crosses email, a phone call, X and WhatsApp; print the brief the
// next agent reads. Run: npx tsx examples/handoff.ts
import { adapt, createEngine } from '../src/index.js'

let now = new Date('2026-11-16T09:00:00Z')
const engine = createEngine({
  context: {
    ownEmails: ['support@acme.example'],
    ownDomains: ['acme.example'],
    ownPhones: ['+1 800 555 0199'],
    agents: [{ id: 'jane', name: 'Jane Ortiz', emails: ['jane@acme.example'] }],
  },
  clock: () => now,
})

await engine.ingest([
  ...adapt(
    'email.postal-mime',
    {
      messageId: '<m1@example.com>',
      from: { address: 'ann.lee@example.com', name: 'Ann Lee' },
      to: [{ address: 'support@acme.example', name: 'Acme Support' }],
      subject: 'Order A-1001 arrived broken',
      date: '2026-11-16T09:12:00Z',
      text: 'Hello, my order A-1001 arrived broken. Can you send a replacement?',
    },
    engine.context,
  ),
  ...adapt(
    'email.postal-mime',
    {
      messageId: '<r1@acme.example>',
      inReplyTo: '<m1@example.com>',
      from: { address: 'jane@acme.example', name: 'Jane Ortiz' },
      to: [{ address: 'ann.lee@example.com', name: 'Ann Lee' }],
      subject: 'Re: Order A-1001 arrived broken',
      date: '2026-11-16T12:30:00Z',
      text: 'Sorry Ann, we will email you an update by Wednesday.',
    },
    engine.context,
  ),
])
const [callEvent] = adapt(
  'twilio.voice.status',
  { CallSid: 'CA1', From: '(415) 555-0100', To: '+18005550199', Direction: 'inbound', CallStatus: 'completed', CallDuration: '240', Timestamp: 'Wed, 18 Nov 2026 15:04:00 +0000' },
  engine.context,
)
if (!callEvent) throw new Error('the call adapter produced no event')
await engine.ingest([
  callEvent,
  {
    type: 'transcript', occurredAt: '2026-11-18T15:00:30Z', channel: 'voice', direction: 'inbound', about: callEvent.id,
    actor: { role: 'customer' },
    identifiers: [{ kind: 'email', value: 'ann.lee@example.com', grade: 'stated' }],
    content: { text: "I'm calling again about order A-1001. My email is ann.lee@example.com." },
    source: { system: 'transcribe', id: 'CA1-0' },
  },
  {
    type: 'transcript', occurredAt: '2026-11-18T15:03:00Z', channel: 'voice', direction: 'outbound', about: callEvent.id,
    actor: { role: 'agent', id: 'omar', name: 'Omar Haddad' },
    content: { text: "I'll call you back tomorrow with the replacement details." },
    source: { system: 'transcribe', id: 'CA1-1' },
  },
  {
    occurredAt: '2026-11-20T10:00:00Z', channel: 'x', direction: 'inbound', actor: { role: 'customer', name: 'Ann' },
    identifiers: [{ kind: 'x', value: '1850001' }, { kind: 'phone', value: '+14155550100', grade: 'stated' }],
    content: { text: '@acme order A-1001 arrived broken and nobody called me back. As I already said, I want a replacement.' },
    source: { system: 'x', id: 'tweet-1', format: 'x.post' },
  },
  {
    occurredAt: '2026-11-20T11:30:00Z', channel: 'whatsapp', direction: 'inbound', actor: { role: 'customer' },
    identifiers: [{ kind: 'phone', value: '+14155550100' }],
    content: { text: 'For the third time: order A-1001 arrived broken. I want a replacement.' },
    source: { system: 'whatsapp', id: 'wamid.1' },
  },
])

now = new Date('2026-11-20T11:40:00Z')
const [current] = await engine.cases({ phone: '+14155550100' })
if (current) await engine.assign(current.id, { id: 'priya', name: 'Priya Raman' })
console.log(await engine.brief({ phone: '+14155550100' }, { format: 'text', calendar: { timeZone: 'America/New_York' } }))
