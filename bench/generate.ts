// Seeded generator of realistic contact-centre traffic, as NDJSON lines of `{ format, payload }`
// (provider payloads) or canonical CRM `record` events, streamed so that 5M lines never sit in memory.
//
//   npx tsx bench/generate.ts --events 1000000 --seed 42 --out bench/.data/traffic-1m.ndjson
//     [--formats email.postal-mime,twilio.voice.status,record,twilio.sms,whatsapp.cloud]
//     [--no-shared]   no households sharing a landline and no role inboxes: plain connected
//                     components then equal the person partition wherever records link people
//     [--window 2000] bounded shuffle window (arrival order vs occurrence order)
//
// Also writes `<out>.truth.ndjson`: one `{ "source": <source record id>, "person": <n> }` line per
// distinct source record (a call's several status callbacks and a redelivery share one line).
import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { seededRandom } from '../src/identity/matching/index.js'

/** The company the traffic is addressed to: pass it as the engine's `context`. */
export const BENCH_CONTEXT = {
  ownEmails: ['support@acme.example'],
  ownDomains: ['acme.example'],
  ownPhones: ['+1 800 555 0199', '+1 800 555 0123', '+1 800 555 0177'],
  ownAccounts: ['106540352242922'],
  agents: [
    { id: 'jane', name: 'Jane Ortiz', emails: ['jane@acme.example'], handles: ['client:jane'] },
    { id: 'omar', name: 'Omar Haddad', emails: ['omar@acme.example'], handles: ['client:omar'] },
  ],
}

/** Formats that ingest adapts today, plus canonical CRM records (`record`). */
export const DEFAULT_FORMATS = ['email.postal-mime', 'twilio.voice.status', 'record'] as const
/** Formats whose adapters are being written in parallel; emitted only when asked for. */
export const OPTIONAL_FORMATS = ['twilio.sms', 'whatsapp.cloud'] as const

export interface GenerateOptions {
  /** Lines to write, redeliveries included. */
  readonly events: number
  readonly seed: number
  readonly formats?: readonly string[]
  /** Households sharing a landline and colleagues sharing role inboxes (info@, sales@). Default true. */
  readonly shared?: boolean
  /** Bounded shuffle window, in lines. Default 2,000. */
  readonly window?: number
  /** Share of lines that are exact redeliveries of another line. Default 0.03. */
  readonly duplicateRate?: number
}

export interface GenerateStats {
  readonly lines: number
  readonly duplicates: number
  readonly sources: number
  readonly people: number
  readonly byFormat: Record<string, number>
}

/** mulberry32, the library's own seeded generator: benches and training sample the same way. */
export const mulberry32 = seededRandom

/** A 32-bit integer hash (lowbias32), to derive per-person and per-household traits without storing them. */
function hash32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0
  x = Math.imul(x, 0x7feb352d) >>> 0
  x = (x ^ (x >>> 15)) >>> 0
  x = Math.imul(x, 0x846ca68b) >>> 0
  return (x ^ (x >>> 16)) >>> 0
}
const unit = (seed: number, salt: number, i: number) => hash32(hash32(seed ^ Math.imul(salt, 0x9e3779b1)) ^ i) / 4294967296

const FIRST = ['Ann', 'Marcus', 'Priya', 'Chen', 'Sofia', 'Liam', 'Amara', 'Jonas', 'Yuki', 'Diego', 'Fatima', 'Noah', 'Elena', 'Kwame', 'Ines', 'Ravi', 'Olga', 'Tom', 'Zara', 'Mateo']
const LAST = ['Lee', 'Webb', 'Natarajan', 'Wang', 'Rossi', 'Murphy', 'Okafor', 'Berg', 'Tanaka', 'Alvarez', 'Khan', 'Smith', 'Petrova', 'Mensah', 'Costa', 'Iyer', 'Novak', 'Brown', 'Ahmed', 'Garcia']
const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example', 'inbox.example']
// Area codes per line type, so generated numbers of different people can never coincide.
const MOBILE_AREAS = [415, 312, 646, 617, 206, 303, 512, 702, 919, 404]
const SECOND_AREAS = [213, 305, 503, 612, 713, 801, 858, 971, 980, 720]
const LANDLINE_AREAS = [510, 614, 615, 716, 757, 763, 805, 813, 832, 845]
const SUBJECTS = ['Order A-{n} arrived broken', 'Refund for invoice {n}', 'Cannot log in', 'Delivery {n} is late', 'Change my address', 'Billing question about {n}']
const TEXTS = [
  'Hello, my order arrived broken. Can you send a replacement?',
  'I was charged twice this month, please check.',
  'The tracking page has not changed for a week.',
  'Please call me back about the refund, I am free after 5pm.',
  'Thanks for the quick reply, that fixed it.',
]

interface Person {
  readonly index: number
  readonly name: string
  /** Canonical base addresses; the writer varies case and adds `+tag`s. */
  readonly emails: readonly string[]
  /** National 10-digit numbers; the writer varies the format. */
  readonly phones: readonly string[]
  readonly landline?: string
  readonly roleInbox?: string
  readonly crm?: string
}

const HOUSEHOLD = 4
const COMPANY = 6

function phoneDigits(areas: readonly number[], k: number): string {
  const area = areas[k % areas.length] as number
  const rest = Math.floor(k / areas.length)
  // Exchanges 200-999 and a four-digit line: unique for 80M people per line type.
  const exchange = 200 + (Math.floor(rest / 10_000) % 800)
  return `${area}${exchange}${String(rest % 10_000).padStart(4, '0')}`
}

/** Person `i`, derived from the seed alone: nothing is stored per person. */
function personAt(seed: number, i: number, shared: boolean): Person {
  const u = (salt: number) => unit(seed, salt, i)
  const first = FIRST[Math.floor(u(1) * FIRST.length)] as string
  const last = LAST[Math.floor(u(2) * LAST.length)] as string
  const domain = DOMAINS[Math.floor(u(3) * DOMAINS.length)] as string
  const emailCount = 1 + Math.floor(u(4) * 2.6)
  const emails = [`${first}.${last}${i}@${domain}`.toLowerCase(), `${first[0]}${last}${i}@${DOMAINS[(i + 1) % DOMAINS.length]}`.toLowerCase(), `${last}.${first}.${i}@work${i % 97}.example`.toLowerCase()].slice(0, emailCount)
  const phones = [phoneDigits(MOBILE_AREAS, i), ...(u(5) < 0.3 ? [phoneDigits(SECOND_AREAS, i)] : [])]
  const household = Math.floor(i / HOUSEHOLD)
  const householdSize = 2 + (hash32(household ^ seed) % 3)
  const inHousehold = shared && unit(seed, 6, household) < 0.15 && i % HOUSEHOLD < householdSize
  const company = Math.floor(i / COMPANY)
  const inCompany = shared && unit(seed, 7, company) < 0.05
  return {
    index: i,
    name: `${first} ${last}`,
    emails,
    phones,
    ...(inHousehold ? { landline: phoneDigits(LANDLINE_AREAS, household) } : {}),
    ...(inCompany ? { roleInbox: `${unit(seed, 8, company) < 0.5 ? 'info' : 'sales'}@co${company}.example` } : {}),
    ...(u(9) < 0.7 ? { crm: `hubspot:${100_000 + i}` } : {}),
  }
}

/** Writes lines through a bounded shuffle window and flushes in large chunks, honouring backpressure. */
class ShuffledWriter {
  private readonly buffer: string[] = []
  private chunk: string[] = []
  private chunkBytes = 0
  constructor(
    private readonly out: WriteStream,
    private readonly window: number,
    private readonly random: () => number,
  ) {}
  async push(line: string): Promise<void> {
    if (this.buffer.length < this.window) {
      this.buffer.push(line)
      return
    }
    const at = Math.floor(this.random() * this.window)
    const leaving = this.buffer[at] as string
    this.buffer[at] = line
    await this.emit(leaving)
  }
  private async emit(line: string): Promise<void> {
    this.chunk.push(line)
    this.chunkBytes += line.length + 1
    if (this.chunkBytes > 1 << 20) await this.flushChunk()
  }
  private async flushChunk(): Promise<void> {
    if (this.chunk.length === 0) return
    const ok = this.out.write(`${this.chunk.join('\n')}\n`)
    this.chunk = []
    this.chunkBytes = 0
    if (!ok) await once(this.out, 'drain')
  }
  async end(): Promise<void> {
    while (this.buffer.length > 0) {
      const at = Math.floor(this.random() * this.buffer.length)
      const last = this.buffer.pop() as string
      const leaving = at < this.buffer.length ? (this.buffer[at] as string) : last
      if (at < this.buffer.length) this.buffer[at] = last
      await this.emit(leaving)
    }
    await this.flushChunk()
    this.out.end()
    await once(this.out, 'finish')
  }
}

/** Plain chunked writer for the truth side file. */
class ChunkWriter {
  private chunk: string[] = []
  constructor(private readonly out: WriteStream) {}
  async push(line: string): Promise<void> {
    this.chunk.push(line)
    if (this.chunk.length >= 20_000) await this.flush()
  }
  private async flush(): Promise<void> {
    if (this.chunk.length === 0) return
    const ok = this.out.write(`${this.chunk.join('\n')}\n`)
    this.chunk = []
    if (!ok) await once(this.out, 'drain')
  }
  async end(): Promise<void> {
    await this.flush()
    this.out.end()
    await once(this.out, 'finish')
  }
}

/**
 * Generates `options.events` NDJSON lines into `out` and the ground truth into `truthOut`.
 * Deterministic: the same options give byte-identical files.
 */
export async function generateTraffic(options: GenerateOptions, out: WriteStream, truthOut: WriteStream): Promise<GenerateStats> {
  const formats = new Set(options.formats ?? DEFAULT_FORMATS)
  const shared = options.shared ?? true
  const duplicateRate = options.duplicateRate ?? 0.03
  const random = mulberry32(options.seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const hex = (length: number) => {
    let text = ''
    while (text.length < length) text += Math.floor(random() * 4294967296).toString(16).padStart(8, '0')
    return text.slice(0, length)
  }
  const writer = new ShuffledWriter(out, Math.max(1, options.window ?? 2_000), mulberry32(options.seed ^ 0x5bd1e995))
  const truth = new ChunkWriter(truthOut)
  // About eight lines per person on average, as in a support desk's year of traffic.
  const population = Math.max(10, Math.floor(options.events / 8))
  const seen = new Uint8Array(population)
  const byFormat: Record<string, number> = {}
  let lines = 0
  let duplicates = 0
  let sources = 0
  let people = 0
  let serial = 0
  let time = Date.parse('2026-01-01T00:00:00Z')
  const step = (365 * 86_400_000) / Math.max(1, options.events)

  const emit = async (format: string, line: string) => {
    if (lines >= options.events) return
    lines++
    byFormat[format] = (byFormat[format] ?? 0) + 1
    await writer.push(line)
    if (lines < options.events && random() < duplicateRate) {
      lines++
      duplicates++
      await writer.push(line)
    }
  }
  const source = async (id: string, person: number) => {
    sources++
    await truth.push(JSON.stringify({ source: id, person }))
  }

  const writeEmail = (base: string): string => {
    const r = random()
    if (r < 0.5) return base
    const at = base.lastIndexOf('@')
    if (r < 0.8) {
      const local = base.slice(0, at).replace(/(^|\.)([a-z])/gu, (_m, dot: string, c: string) => dot + c.toUpperCase())
      return `${local}@${random() < 0.5 ? base.slice(at + 1).toUpperCase() : base.slice(at + 1)}`
    }
    return `${base.slice(0, at)}+${pick(['orders', 'shop', 'news', 'x'])}${base.slice(at)}`
  }
  const writePhone = (d: string, twilio: boolean): string => {
    // Twilio sends E.164; other sources write numbers the way people do.
    if (twilio && random() < 0.8) return `+1${d}`
    const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)]
    return pick([`(${a}) ${b}-${c}`, `${a}.${b}.${c}`, `+1 ${a} ${b} ${c}`, `+1${d}`, `${a}-${b}-${c}`, `1 (${a}) ${b}-${c}`])
  }
  const iso = (ms: number) => new Date(ms).toISOString()
  const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000')
  const customerEmail = (p: Person) => (p.roleInbox && random() < 0.4 ? p.roleInbox : pick(p.emails))
  const customerPhone = (p: Person) => (p.landline && random() < 0.5 ? p.landline : pick(p.phones))
  const subjectFor = () => pick(SUBJECTS).replace('{n}', String(1000 + Math.floor(random() * 9000)))

  const record = async (p: Person, at: number, revision: number) => {
    if (!p.crm || !formats.has('record')) return
    const identifiers = [
      { kind: 'crm', value: p.crm, grade: 'record' },
      ...p.emails.map((e) => ({ kind: 'email', value: writeEmail(e), grade: 'record' })),
      ...p.phones.map((d) => ({ kind: 'phone', value: writePhone(d, false), grade: 'record' })),
      ...(p.landline ? [{ kind: 'phone', value: writePhone(p.landline, false), grade: 'record' }] : []),
    ]
    const id = p.crm.slice('hubspot:'.length)
    const event = {
      type: 'record',
      occurredAt: iso(at),
      channel: 'crm',
      direction: 'internal',
      actor: { role: 'system', id: 'hubspot-export' },
      identifiers,
      traits: { name: p.name, city: pick(['Oakland', 'Chicago', 'Boston', 'Austin', 'Seattle']) },
      revision,
      source: { system: 'hubspot', id },
    }
    if (revision === 0) await source(id, p.index)
    await emit('record', JSON.stringify(event))
  }

  const email = async (p: Person, at: number, outbound: boolean, subject: string, inReplyTo?: string): Promise<string> => {
    const messageId = `m${(serial++).toString(36)}.${hex(8)}@${outbound ? 'mail.acme.example' : 'mx.example'}`
    const customer = { address: writeEmail(customerEmail(p)), name: p.name }
    const agent = pick(BENCH_CONTEXT.agents)
    const payload = {
      from: outbound ? { address: agent.emails[0], name: agent.name } : customer,
      to: [outbound ? customer : { address: 'support@acme.example', name: 'Acme Support' }],
      subject: inReplyTo ? `Re: ${subject}` : subject,
      messageId: `<${messageId}>`,
      ...(inReplyTo ? { inReplyTo: `<${inReplyTo}>`, references: `<${inReplyTo}>` } : {}),
      date: iso(at),
      text: outbound ? `Hi ${p.name.split(' ')[0]}, thanks for reaching out. We are on it.` : pick(TEXTS),
    }
    await source(messageId, p.index)
    await emit('email.postal-mime', JSON.stringify({ format: 'email.postal-mime', payload }))
    return messageId
  }

  const call = async (p: Person, at: number, outbound: boolean) => {
    const sid = `CA${(serial++).toString(16).padStart(8, '0')}${hex(24)}`
    const customer = writePhone(customerPhone(p), true)
    const duration = 30 + Math.floor(random() * 900)
    const base = {
      CallSid: sid,
      AccountSid: 'AC00000000000000000000000000000001',
      From: outbound ? '+18005550199' : customer,
      To: outbound ? customer : '+18005550199',
      Direction: outbound ? 'outbound-api' : 'inbound',
      ...(outbound ? {} : { CallerName: random() < 0.5 ? 'WIRELESS CALLER' : p.name.toUpperCase() }),
    }
    await source(sid, p.index)
    // A third of calls also report `ringing` first: a revision of the same event.
    if (random() < 0.33) {
      await emit('twilio.voice.status', JSON.stringify({ format: 'twilio.voice.status', payload: { ...base, CallStatus: 'ringing', Timestamp: rfc2822(at) } }))
    }
    const status = random() < 0.85 ? 'completed' : 'no-answer'
    const payload = { ...base, CallStatus: status, ...(status === 'completed' ? { CallDuration: String(duration) } : {}), Timestamp: rfc2822(at + (status === 'completed' ? duration * 1000 : 0)) }
    await emit('twilio.voice.status', JSON.stringify({ format: 'twilio.voice.status', payload }))
  }

  const sms = async (p: Person, at: number) => {
    const sid = `SM${(serial++).toString(16).padStart(8, '0')}${hex(24)}`
    const payload = { MessageSid: sid, AccountSid: 'AC00000000000000000000000000000001', From: writePhone(pick(p.phones), true), To: '+18005550123', Body: pick(TEXTS), NumMedia: '0' }
    await source(sid, p.index)
    await emit('twilio.sms', JSON.stringify({ format: 'twilio.sms', payload }))
  }

  const whatsapp = async (p: Person, at: number) => {
    const id = `wamid.${(serial++).toString(36)}${hex(16)}`
    const waId = `1${pick(p.phones)}`
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '18005550177', phone_number_id: '106540352242922' },
                contacts: [{ profile: { name: p.name }, wa_id: waId }],
                messages: [{ from: waId, id, timestamp: String(Math.floor(at / 1000)), type: 'text', text: { body: pick(TEXTS) } }],
              },
            },
          ],
        },
      ],
    }
    await source(id, p.index)
    await emit('whatsapp.cloud', JSON.stringify({ format: 'whatsapp.cloud', payload }))
  }

  const hasEmail = formats.has('email.postal-mime')
  const hasCall = formats.has('twilio.voice.status')
  while (lines < options.events) {
    time += step * -Math.log(1 - random()) * 4
    // A mild skew: some people contact the company far more often than others.
    const p = personAt(options.seed, Math.floor(population * random() ** 1.3), shared)
    if (!seen[p.index]) {
      seen[p.index] = 1
      people++
      await record(p, time - 30 * 86_400_000, 0)
    }
    const r = random()
    if (r < 0.35 && hasEmail && hasCall) {
      // A case across channels: the customer emails, an agent answers, the customer calls, then replies.
      const subject = subjectFor()
      const first = await email(p, time, false, subject)
      const answer = await email(p, time + 3_600_000, true, subject, first)
      await call(p, time + 7_200_000, false)
      await email(p, time + 9_000_000, false, subject, answer)
    } else if (r < 0.6 && hasCall) await call(p, time, false)
    else if (r < 0.68 && hasCall) await call(p, time, true)
    else if (r < 0.85 && hasEmail) await email(p, time, false, subjectFor())
    else if (r < 0.9 && formats.has('twilio.sms')) await sms(p, time)
    else if (r < 0.95 && formats.has('whatsapp.cloud')) await whatsapp(p, time)
    else if (p.crm && formats.has('record')) await record(p, time, Math.floor(time / 1000))
  }
  await writer.end()
  await truth.end()
  return { lines, duplicates, sources, people, byFormat }
}

/** Parses `--name value` and `--flag` arguments. */
export function parseArgs(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (!arg.startsWith('--')) continue
    const next = argv[i + 1]
    if (next === undefined || next.startsWith('--')) args.set(arg.slice(2), 'true')
    else {
      args.set(arg.slice(2), next)
      i++
    }
  }
  return args
}

/** `1m`, `300k`, `5000000` to a number. */
export function parseCount(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/iu.exec(text.trim())
  if (!match) throw new Error(`not a count: ${text}`)
  const scale = { '': 1, k: 1_000, m: 1_000_000 }[(match[2] ?? '').toLowerCase() as '' | 'k' | 'm']
  return Math.round(Number(match[1]) * scale)
}

/** Generates a file (and its truth side file) and returns the stats. */
export async function generateFile(file: string, options: GenerateOptions): Promise<GenerateStats> {
  return generateTraffic(options, createWriteStream(file), createWriteStream(`${file}.truth.ndjson`))
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = parseArgs(process.argv.slice(2))
  const out = args.get('out')
  if (!out) {
    console.error('usage: tsx bench/generate.ts --events N --seed S --out FILE [--formats a,b] [--no-shared] [--window W]')
    process.exit(2)
  }
  const started = performance.now()
  const stats = await generateFile(out, {
    events: parseCount(args.get('events') ?? '100k'),
    seed: Number(args.get('seed') ?? 1),
    ...(args.has('formats') ? { formats: (args.get('formats') as string).split(',') } : {}),
    shared: !args.has('no-shared'),
    ...(args.has('window') ? { window: Number(args.get('window')) } : {}),
  })
  console.log(JSON.stringify({ out, ...stats, seconds: +((performance.now() - started) / 1000).toFixed(2) }))
}
