import type { CustomerEventInput, IdentifierInput } from '../../src/events/index.js'

/** A compact canonical event for tests: `key` names the source record, so equal keys are one event. */
export function canonical(
  key: string,
  fields: Partial<Omit<CustomerEventInput, 'identifiers'>> & { identifiers?: IdentifierInput[]; system?: string } = {},
): CustomerEventInput {
  const { system = 'test', ...rest } = fields
  return {
    occurredAt: '2026-11-01T10:00:00Z',
    channel: 'email',
    direction: 'inbound',
    actor: { role: 'customer' },
    source: { system, id: key },
    ...rest,
  }
}

export const at = (day: number, hour = 10) => `2026-${day > 30 ? '12' : '11'}-${String(day > 30 ? day - 30 : day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`
