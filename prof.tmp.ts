import { createEngine, buildBrief } from './src/index.js'
import { buildCases } from './src/cases/index.js'
const start = Date.parse('2026-01-05T09:00:00Z')
const engine = createEngine({ clock: () => new Date('2026-12-31T12:00:00Z') })
await engine.ingest(Array.from({ length: 1000 }, (_, i) => ({ occurredAt: start + i * 4 * 3_600_000, channel: 'email', direction: i % 3 === 2 ? 'outbound' : 'inbound', actor: i % 3 === 2 ? { role: 'agent', name: 'J' } : { role: 'customer' }, identifiers: [{ kind: 'email', value: 'a@example.com' }], content: { text: 'We will email you an update by Friday. order #A-1001 (415) 555-0100' }, source: { system: 'b', id: String(i) } })))
const events = await engine.events({ email: 'a@example.com' })
for (let i = 0; i < 5; i++) buildBrief({ events, asOf: '2026-12-31T12:00:00Z' })
