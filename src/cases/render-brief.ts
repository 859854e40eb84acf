import type { BriefItem, CaseBrief, HandoffBrief } from './build-brief.js'

export type BriefFormat = 'text' | 'markdown'

const join = (items: readonly BriefItem[], sep = ', ') => items.map((i) => i.text).join(sep)

/**
 * Lays a brief out for a person: plain text for agent desktops and logs, or Markdown for
 * tickets and chat tools. A typical one-case brief fits one screen (about 25 lines). Event
 * ids stay in the `HandoffBrief` data rather than on screen.
 * @example console.log(renderBrief(buildBrief({ events, asOf }), 'text'))
 */
export function renderBrief(brief: HandoffBrief, format: BriefFormat = 'text'): string {
  const md = format === 'markdown'
  const lines: string[] = []
  const label = (name: string) => (md ? `**${name}:**` : `${name}:`)
  const bullet = (text: string) => (md ? `- ${text}` : `  - ${text}`)
  const c = brief.customer
  const who = [c.name?.text ?? 'Unknown customer', join(c.identifiers), c.preferredChannel ? `prefers ${c.preferredChannel.text}` : ''].filter(Boolean)
  lines.push(md ? `### ${who.join(' · ')}` : who.join(' · '))
  if (c.consent.length > 0) lines.push(`${label('Consent')} ${join(c.consent)}`)
  if (c.statedFacts.length > 0) lines.push(`${label('Already told us')} ${join(c.statedFacts)}`)
  if (brief.cases.length > 1) lines.push(`${label('Customer clock')} ${brief.clock.text}`)
  for (const k of brief.cases) lines.push(...caseLines(k, md, label, bullet))
  if (brief.otherCases > 0) lines.push(`(${brief.otherCases} other case${brief.otherCases === 1 ? '' : 's'} not shown)`)
  lines.push(`${md ? '_' : ''}as of ${brief.asOf}${md ? '_' : ''}`)
  return lines.join('\n')
}

function caseLines(k: CaseBrief, md: boolean, label: (n: string) => string, bullet: (t: string) => string): string[] {
  const lines: string[] = []
  lines.push(md ? `\n#### Case ${k.caseId} · ${k.headline.text}` : `\nCase ${k.caseId} · ${k.headline.text}`)
  const indent = md ? '' : '  '
  if (k.issue) lines.push(`${indent}${label('Issue')} ${k.issue.text}`)
  if (k.references.length > 0) lines.push(`${indent}${label('Refs')} ${join(k.references)}`)
  lines.push(`${indent}${label('Owner')} ${k.owner.text} · ${label('Waiting')} ${k.waiting.text}`)
  lines.push(`${indent}${label('Clock')} ${k.clock.text}`)
  lines.push(`${indent}${label('Contacts')} ${k.contacts.text} · repeats ${k.repeatCount} · tone ${k.sentiment.text}`)
  if (k.commitments.length > 0) {
    lines.push(`${indent}${label('Promises')}`)
    for (const p of k.commitments) lines.push(bullet(p.text))
  }
  if (k.done.length > 0) {
    lines.push(`${indent}${label('Done')}`)
    for (const d of k.done) lines.push(bullet(d.text))
  }
  if (k.escalation.length > 0) lines.push(`${indent}${label('Escalate')} ${join(k.escalation, '; ')}`)
  if (k.lastExchanges.length > 0) {
    lines.push(`${indent}${label('Last')}`)
    for (const e of k.lastExchanges) lines.push(bullet(e.text))
  }
  return lines
}
