import type { PostalMimeEmail, TwilioVoiceStatus } from '../../src/channels/index.js'

export const CONTEXT = {
  ownEmails: ['support@acme.example'],
  ownDomains: ['acme.example'],
  ownPhones: ['+1 800 555 0199'],
  agents: [{ id: 'jane', name: 'Jane Ortiz', emails: ['jane@acme.example'], handles: ['client:jane'] }],
}

export const fixedClock = () => new Date('2026-11-20T12:00:00Z')

export function email(overrides: Partial<PostalMimeEmail> & { messageId: string }): PostalMimeEmail {
  return {
    from: { address: 'Ann.Lee@Example.com', name: 'Ann Lee' },
    to: [{ address: 'support@acme.example', name: 'Acme Support' }],
    subject: 'Order A-1001 arrived broken',
    date: '2026-11-16T09:12:00Z',
    text: 'Hello, my order A-1001 arrived broken. Can you send a replacement?',
    ...overrides,
  }
}

export function call(overrides: Partial<TwilioVoiceStatus> & { CallSid: string }): TwilioVoiceStatus {
  return {
    AccountSid: 'AC00000000000000000000000000000001',
    From: '(415) 555-0100',
    To: '+18005550199',
    Direction: 'inbound',
    CallStatus: 'completed',
    CallDuration: '240',
    Timestamp: 'Wed, 18 Nov 2026 15:04:00 +0000',
    ...overrides,
  }
}
