// Webhooks: one HTTP endpoint per provider format, each answering with what the next agent needs.
// Twilio posts form-encoded fields; WhatsApp Cloud and Chatwoot post JSON. Every post becomes
// `engine.ingest([{ format, payload }])`, and the answer is the customer's handoff brief (or, in
// builds without `engine.brief`, the profile and the last timeline entries).
//
// Run with `npx tsx examples/webhooks.ts`: it starts the server on a free port, posts a few
// realistic payloads to itself, prints the answers and closes. Each block also runs as a notebook cell.
//
// In production, check each provider's signature before ingesting (Twilio `X-Twilio-Signature`,
// Meta `X-Hub-Signature-256`, Chatwoot's webhook secret) and answer Twilio with TwiML or an empty 200.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createEngine, type Engine, FORMATS } from '../src/index.js'

const engine = createEngine({
  context: {
    ownEmails: ['support@acme.example'],
    ownDomains: ['acme.example'],
    ownPhones: ['+1 800 555 0199'],
    // The WhatsApp Business phone_number_id and the Chatwoot account are the company's own.
    ownAccounts: ['106540352242922'],
    agents: [{ id: 'jane', name: 'Jane Ortiz', emails: ['jane@acme.example'], handles: ['chatwoot:12'] }],
  },
  clock: () => new Date('2026-11-21T09:00:00Z'),
})

/** The answer a webhook gives: what the next agent should know about this customer. */
async function answerFor(engine: Engine, eventId: string): Promise<unknown> {
  const brief = (engine as unknown as Record<string, unknown>)['brief']
  if (typeof brief === 'function') return { brief: await brief.call(engine, { eventId }, { asOf: new Date('2026-11-21T09:00:00Z'), format: 'text' }) }
  const profile = await engine.profile({ eventId })
  if (!profile) return { profile: null }
  const timeline = await engine.timeline(profile.id)
  return {
    profile: { id: profile.id, name: profile.traits['name']?.value ?? null, identifiers: profile.identifiers.map((i) => `${i.kind}:${i.value}`), channels: profile.channels },
    lastEntries: timeline.slice(-3).map((e) => ({ when: e.occurredAt, channel: e.channel, direction: e.direction, who: e.actor.name ?? e.actor.id ?? e.actor.role, what: e.subject ?? e.text ?? e.status ?? e.type })),
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const server = createServer(async (req, res) => {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  try {
    const match = /^\/webhooks\/([\w.-]+)$/.exec(req.url ?? '')
    if (req.method !== 'POST' || !match) return reply(404, { error: 'POST /webhooks/<format>' })
    const format = match[1] as string
    const raw = await readBody(req)
    // Twilio sends application/x-www-form-urlencoded: every field is a string, as its adapter expects.
    const payload = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(raw))
      : JSON.parse(raw)
    const report = await engine.ingest([{ format, payload }])
    // A rejected payload is answered 422 with the reasons; providers retry 5xx, and retrying bad data helps no one.
    if (report.rejected.length > 0) return reply(422, { rejected: report.rejected })
    const eventId = report.eventIds[0]
    if (eventId === undefined) return reply(200, { duplicate: report.duplicates > 0, skipped: report.skipped })
    return reply(200, await answerFor(engine, eventId))
  } catch (error) {
    return reply(400, { error: error instanceof Error ? error.message : String(error) })
  }
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
console.log(`webhooks listening on ${base}; formats in this build: ${FORMATS.join(', ')}`)

// A few realistic posts, in the shape each provider sends them.
const posts: { format: string; form?: Record<string, string>; json?: unknown }[] = [
  {
    format: 'twilio.voice.status',
    form: {
      CallSid: 'CA1b2c3d4e5f60718293a4b5c6d7e8f901', AccountSid: 'AC5f0c1a2b3c4d5e6f708192a3b4c5d6e7',
      From: '+14155550100', To: '+18005550199', Direction: 'inbound', CallStatus: 'completed',
      Timestamp: 'Fri, 20 Nov 2026 16:02:11 +0000', CallDuration: '184', CallerName: 'LEE ANN',
    },
  },
  {
    format: 'twilio.sms',
    form: {
      MessageSid: 'SM9f8e7d6c5b4a39281706f5e4d3c2b1a0', SmsSid: 'SM9f8e7d6c5b4a39281706f5e4d3c2b1a0', AccountSid: 'AC5f0c1a2b3c4d5e6f708192a3b4c5d6e7',
      MessagingServiceSid: 'MG0a1b2c3d4e5f60718293a4b5c6d7e8f9', From: '+14155550100', To: '+18005550199',
      Body: 'Hi, it is Ann again. Any tracking number for A-1001?', NumMedia: '0', NumSegments: '1', SmsStatus: 'received', ApiVersion: '2010-04-01',
    },
  },
  {
    format: 'whatsapp.cloud',
    json: {
      object: 'whatsapp_business_account',
      entry: [{
        id: '102290129340398',
        changes: [{
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '18005550199', phone_number_id: '106540352242922' },
            contacts: [{ profile: { name: 'Marcus Webb' }, wa_id: '13125550147' }],
            messages: [{ from: '13125550147', id: 'wamid.HBgLMTMxMjU1NTAxNDcVAgASGBQzQTdCM0Q1', timestamp: '1763654400', type: 'text', text: { body: 'Was the double charge on INV-2026-0042 refunded?' } }],
          },
        }],
      }],
    },
  },
  {
    format: 'chatwoot.webhook',
    json: {
      event: 'message_created', id: 48213, content: 'I would like to cancel my subscription, please.', message_type: 'incoming',
      content_type: 'text', created_at: '2026-11-20T10:40:00.000Z', private: false, source_id: null,
      account: { id: 3, name: 'Acme' },
      inbox: { id: 7, name: 'Website chat' },
      conversation: { id: 1771, inbox_id: 7, status: 'open', channel: 'Channel::WebWidget' },
      sender: { id: 5521, name: 'Priya Natarajan', email: 'priya.n@example.net', phone_number: null, type: 'contact' },
    },
  },
]

const answers: Record<string, unknown>[] = []
for (const post of posts) {
  const response = await fetch(`${base}/webhooks/${post.format}`, {
    method: 'POST',
    ...(post.form
      ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(post.form).toString() }
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(post.json) }),
  })
  const body = (await response.json()) as Record<string, unknown>
  console.log(`\nPOST /webhooks/${post.format} -> ${response.status}`)
  console.dir(body, { depth: 5 })
  const profile = body['profile'] as { name?: unknown; id?: unknown } | undefined
  const rejected = body['rejected'] as { code: string; message: string }[] | undefined
  answers.push({
    format: post.format,
    status: response.status,
    customer: profile?.name ?? profile?.id ?? (body['brief'] ? '(see brief)' : '-'),
    note: rejected ? `${rejected[0]?.code}: ${rejected[0]?.message}` : body['brief'] ? 'brief' : 'profile + last entries',
  })
}
console.table(answers)

await new Promise<void>((resolve) => server.close(() => resolve()))
