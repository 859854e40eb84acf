import fc from 'fast-check'
import { buildCases, caseActionEvent } from '../../src/cases/index.js'
import { type CustomerEvent, type CustomerEventInput, parseEvent } from '../../src/events/index.js'

/** What customers write in generated stories: issues, repeats, stated facts, references. */
export const CUSTOMER_TEXTS = [
  'Hello, my order #A-1001 arrived broken. Can you send a replacement?',
  'As I already said, the box was crushed and the lamp is cracked.',
  'Any news on ticket #4521? This is getting ridiculous!!!',
  'My name is Crystal Minh and my email is cminh730@email.com, phone (415) 555-0100.',
  'Crystal Minh',
  'The box was crushed and the lamp is cracked, as I said before.',
  'Order ORD-778812 is a different one, it never shipped.',
  '3348917502',
  'Thanks, that is great news.',
  'This is useless. Nobody answers, still broken.',
]
/** What agents write: promises with due dates, questions, updates. */
export const AGENT_TEXTS = [
  'We will email you an update by Friday.',
  "I'll call you back tomorrow with the replacement details.",
  'May I have your full name and the order number?',
  'We will refund you within 3-5 business days.',
  'What phone number can we call you on?',
  'Sorry about that, someone will follow up by 12/03.',
  'Your replacement for order #A-1001 has shipped.',
]
const CHANNELS = ['email', 'chat', 'x', 'whatsapp', 'voice', 'sms'] as const
const identifiers = [{ kind: 'email' as const, value: 'ann@example.com' }]

/** One step of a generated story; numbers pick from the lists above. */
export interface StoryStep {
  readonly kind: 'customer' | 'agent' | 'bot' | 'call' | 'transcript' | 'status' | 'action' | 'post'
  /** Minutes after the previous step; 0 gives ties broken by event id. */
  readonly gap: number
  readonly quiet: boolean
  readonly pick: number
  readonly channel: number
  readonly thread: number
  readonly caseRef: boolean
  readonly priority: boolean
}

export const storyStep: fc.Arbitrary<StoryStep> = fc.record({
  kind: fc.constantFrom('customer', 'customer', 'customer', 'agent', 'agent', 'bot', 'call', 'transcript', 'status', 'action', 'post'),
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600 })),
  quiet: fc.integer({ min: 0, max: 15 }).map((n) => n === 0),
  pick: fc.nat(1000),
  channel: fc.nat(CHANNELS.length - 1),
  thread: fc.nat(3),
  caseRef: fc.boolean(),
  priority: fc.boolean(),
})

function parsed(input: CustomerEventInput): CustomerEvent {
  const result = parseEvent(input)
  if (!result.success) throw new Error(JSON.stringify(result.issues))
  return result.event
}

/**
 * A customer's events from generated steps: contacts on every channel, replies and bot answers,
 * calls with transcripts and statuses about them, public X posts, case refs, priorities, names
 * and facts, and case actions (assign, commit, kept on an earlier commit, resolve) on earlier events.
 */
export function storyFrom(steps: readonly StoryStep[], seed = 's'): CustomerEvent[] {
  const events: CustomerEvent[] = []
  let at = Date.parse('2026-11-02T08:00:00Z')
  let epoch = 0
  const promised: string[] = []
  steps.forEach((step, i) => {
    if (step.quiet) epoch++
    at += step.quiet ? 10 * 86_400_000 : step.gap * 60_000
    const occurredAt = new Date(at).toISOString()
    const channel = CHANNELS[step.channel] as (typeof CHANNELS)[number]
    const source = { system: 'story', id: `${seed}-${i}` }
    const thread = { key: `${channel}:${epoch}:${step.thread}` }
    const extra = {
      ...(step.caseRef && step.pick % 3 === 0 ? { caseRef: `T-${step.pick % 4}` } : {}),
      ...(step.priority && step.pick % 5 === 0 ? { data: { priority: step.pick % 2 ? 'high' : 'urgent' } } : {}),
    }
    const earlier = events.length > 0 ? (events[step.pick % events.length] as CustomerEvent) : undefined
    switch (step.kind) {
      case 'customer':
      case 'post':
        events.push(
          parsed({
            occurredAt,
            channel: step.kind === 'post' ? 'x' : channel === 'voice' ? 'email' : channel,
            direction: 'inbound',
            actor: { role: 'customer', name: 'Ann Lee' },
            identifiers,
            ...(step.pick % 7 === 0 ? { traits: { name: 'Ann Lee' } } : {}),
            content: { text: CUSTOMER_TEXTS[step.pick % CUSTOMER_TEXTS.length] as string },
            thread,
            source: step.kind === 'post' ? { ...source, format: 'x.post' } : source,
            ...extra,
          }),
        )
        return
      case 'agent':
      case 'bot':
        events.push(
          parsed({
            occurredAt,
            channel: channel === 'voice' ? 'email' : channel,
            direction: 'outbound',
            actor: step.kind === 'bot' ? { role: 'bot', id: 'bot', name: 'Acme Bot' } : step.pick % 2 ? { role: 'agent', id: 'jane', name: 'Jane Ortiz' } : { role: 'agent', id: 'omar', name: 'Omar Haddad' },
            identifiers,
            content: { text: step.kind === 'bot' ? 'What is your order number?' : (AGENT_TEXTS[step.pick % AGENT_TEXTS.length] as string) },
            thread,
            source,
            ...extra,
          }),
        )
        return
      case 'call':
        events.push(
          parsed({
            type: 'call',
            occurredAt,
            channel: 'voice',
            direction: step.pick % 4 === 0 ? 'outbound' : 'inbound',
            actor: step.pick % 4 === 0 ? { role: 'agent', id: 'jane', name: 'Jane Ortiz' } : { role: 'customer' },
            identifiers,
            content: { durationSeconds: (step.pick % 3) * 90, status: step.pick % 3 ? 'completed' : 'no-answer' },
            source,
            ...extra,
          }),
        )
        return
      case 'transcript':
      case 'status': {
        if (!earlier) return
        events.push(
          parsed({
            type: step.kind,
            occurredAt,
            channel: earlier.channel,
            direction: 'internal',
            actor: step.kind === 'status' ? { role: 'system' } : { role: 'customer' },
            identifiers,
            about: earlier.id,
            ...(step.kind === 'transcript' ? { content: { text: CUSTOMER_TEXTS[step.pick % CUSTOMER_TEXTS.length] as string } } : { data: { status: 'delivered' } }),
            source,
          }),
        )
        return
      }
      case 'action': {
        if (!earlier) return
        const caseId = buildCases(events, { asOf: occurredAt }).find((c) => c.eventIds.includes(earlier.id))?.id ?? 'case_000000000000000000000000'
        const commitmentId = `cmt_${String(i).padStart(24, '0')}`
        const roll = step.pick % 4
        if (roll === 2) promised.push(commitmentId)
        const action =
          roll === 0
            ? ({ action: 'resolve', caseId } as const)
            : roll === 1
              ? ({ action: 'assign', caseId, agent: { id: 'omar', name: 'Omar Haddad' } } as const)
              : roll === 2
                ? ({ action: 'commit', caseId, commitmentId, what: 'Send a replacement', dueBy: new Date(at + 86_400_000).toISOString(), promisedBy: { id: 'jane', name: 'Jane Ortiz' }, fulfil: 'email' } as const)
                : ({ action: 'kept', commitmentId: promised[step.pick % Math.max(1, promised.length)] ?? commitmentId } as const)
        events.push(parsed(caseActionEvent(action, { about: earlier.id, at: occurredAt })))
        return
      }
    }
  })
  return events
}
