import type { CountryCode } from 'libphonenumber-js'
import { z } from 'zod'
import { ThroughlineError, issuesFromZod } from '../errors.js'
import { type Actor, normalizeEmail, normalizePhone, type NormalizeOptions } from '../events/index.js'

export const AgentSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  emails: z.array(z.string()).default([]),
  phones: z.array(z.string()).default([]),
  /** Platform ids the agent writes from: X user ids, Chatwoot user ids, Twilio `client:` names. */
  handles: z.array(z.string()).default([]),
})

/** What the company tells the adapters about itself. */
export const ChannelContextInputSchema = z.object({
  /** The company's own addresses (support@, billing@): never customer identifiers. */
  ownEmails: z.array(z.string()).default([]),
  /** Domains whose every address is the company's (agents' personal addresses). */
  ownDomains: z.array(z.string()).default([]),
  /** The company's own numbers, in any format. */
  ownPhones: z.array(z.string()).default([]),
  /** The company's platform accounts: X user ids, Facebook page ids, Instagram account ids, WhatsApp phone_number_ids. */
  ownAccounts: z.array(z.string()).default([]),
  agents: z.array(AgentSchema).default([]),
  defaultRegion: z.string().length(2).toUpperCase().default('US'),
  stripEmailSubaddress: z.boolean().default(true),
})
export type ChannelContextInput = z.input<typeof ChannelContextInputSchema>

/** A resolved context: normalized own identifiers and an agent directory. */
export interface ChannelContext {
  readonly normalize: NormalizeOptions
  readonly ownEmails: ReadonlySet<string>
  readonly ownDomains: ReadonlySet<string>
  readonly ownPhones: ReadonlySet<string>
  readonly ownAccounts: ReadonlySet<string>
  /** Agents by email, phone (E.164) and handle. */
  readonly agentsByHandle: ReadonlyMap<string, { readonly id: string; readonly name: string }>
}

/**
 * Resolves what the company says about itself into the form adapters use.
 * @throws ThroughlineError `invalid_options` naming the offending path
 * @example createChannelContext({ ownEmails: ['support@acme.example'], ownPhones: ['+18005550199'] })
 */
export function createChannelContext(input: ChannelContextInput = {}): ChannelContext {
  const parsed = ChannelContextInputSchema.safeParse(input)
  if (!parsed.success) {
    throw new ThroughlineError('invalid_options', 'channels', 'invalid channel context', {
      issues: issuesFromZod('invalid_options', parsed.error.issues, ['context']),
    })
  }
  const options = parsed.data
  const normalize: NormalizeOptions = {
    defaultRegion: options.defaultRegion as CountryCode,
    stripEmailSubaddress: options.stripEmailSubaddress,
  }
  const emails = (list: readonly string[]) => list.map((e) => normalizeEmail(e, normalize)).filter(isString)
  const phones = (list: readonly string[]) => list.map((p) => normalizePhone(p, normalize)).filter(isString)
  const agentsByHandle = new Map<string, { id: string; name: string }>()
  for (const agent of options.agents) {
    const named = { id: agent.id, name: agent.name }
    agentsByHandle.set(agent.id, named)
    for (const handle of [...emails(agent.emails), ...phones(agent.phones), ...agent.handles]) {
      agentsByHandle.set(handle, named)
    }
  }
  return {
    normalize,
    ownEmails: new Set(emails(options.ownEmails)),
    ownDomains: new Set(options.ownDomains.map((d) => d.trim().toLowerCase())),
    ownPhones: new Set(phones(options.ownPhones)),
    ownAccounts: new Set(options.ownAccounts),
    agentsByHandle,
  }
}

/** Whether a normalized address belongs to the company. */
export function isOwnEmail(context: ChannelContext, email: string): boolean {
  return context.ownEmails.has(email) || context.ownDomains.has(email.slice(email.lastIndexOf('@') + 1))
}

/**
 * The named actor for something the company sent. Known agents are named from the directory;
 * an unknown sender is still named by what the channel showed, never left anonymous.
 */
export function companyActor(context: ChannelContext, handles: readonly (string | undefined)[], shownName?: string): Actor {
  for (const handle of handles) {
    const agent = handle === undefined ? undefined : context.agentsByHandle.get(handle)
    if (agent) return { role: 'agent', id: agent.id, name: agent.name }
  }
  const id = handles.find(isString)
  return { role: 'agent', ...(id ? { id } : {}), ...(shownName ? { name: shownName } : id ? { name: id } : {}) }
}

export function isString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0
}
