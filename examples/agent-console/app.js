// The console page. Every value from the server reaches the page through textContent or an
// attribute set with setAttribute, never through innerHTML, so customer-written text (an email
// subject, a chat message) cannot inject markup or script.
const $ = (id) => document.getElementById(id)

/** Creates an element with optional class, text and children. */
function el(tag, options = {}, ...children) {
  const node = document.createElement(tag)
  if (options.class) node.className = options.class
  if (options.text !== undefined && options.text !== null) node.textContent = String(options.text)
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, String(value))
  for (const child of children) if (child) node.append(child)
  return node
}

async function getJson(url, init) {
  const response = await fetch(url, init)
  const body = await response.json().catch(() => ({}))
  return { status: response.status, body }
}

const when = (iso) => (iso ? iso.slice(0, 16).replace('T', ' ') : '')
const DIRECTION = { inbound: '← in', outbound: '→ out', internal: '· internal' }

let current = null

async function search(query) {
  const { body } = await getJson(`/api/search?q=${encodeURIComponent(query)}`)
  const list = $('results-list')
  list.replaceChildren()
  $('results').hidden = false
  const hits = body.hits ?? []
  if (hits.length === 0) {
    list.append(el('li', { class: 'na', text: `No customer matches “${query}”.` }))
    return
  }
  for (const hit of hits) {
    const button = el('button', { attrs: { type: 'button', 'data-profile': hit.profileId, 'aria-label': `Open ${hit.name ?? hit.profileId}` } },
      el('strong', { text: hit.name ?? '(no name yet)' }),
      el('span', { class: 'why', text: `matched by ${hit.matchedBy} · ${hit.eventCount} events · last ${when(hit.lastSeenAt)}` }))
    button.addEventListener('click', () => openCustomer(hit.profileId))
    list.append(el('li', {}, button))
  }
  if (hits.length === 1) await openCustomer(hits[0].profileId)
}

async function openCustomer(profileId) {
  const { status, body } = await getJson(`/api/customer/${encodeURIComponent(profileId)}`)
  if (status !== 200) return
  current = body
  for (const button of document.querySelectorAll('[data-profile]')) {
    button.setAttribute('aria-current', String(button.dataset.profile === profileId))
  }
  $('empty').hidden = true
  $('customer').hidden = false
  renderProfile(body.profile)
  renderTimeline(body.timeline)
  renderEvidence(body)
  await renderBrief(profileId)
}

function renderProfile(profile) {
  const name = profile.traits?.name?.value ?? '(no name yet)'
  $('profile-name').textContent = name
  $('profile-id').textContent = profile.id
  $('avatar').textContent = name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase() || '?'
  const stats = $('profile-stats')
  stats.replaceChildren()
  for (const [label, value] of [['Events', profile.eventCount], ['Channels', profile.channels.join(', ')], ['First seen', when(profile.firstSeenAt).slice(0, 10)], ['Last seen', when(profile.lastSeenAt)]]) {
    stats.append(el('div', {}, el('dt', { text: label }), el('dd', { text: value })))
  }
  const ids = $('profile-identifiers')
  ids.replaceChildren()
  for (const identifier of profile.identifiers) {
    ids.append(el('li', { attrs: { title: `${identifier.grade}, seen in ${identifier.events} events` } }, el('span', { class: 'kind', text: identifier.kind }), identifier.value))
  }
}

function renderTimeline(entries) {
  $('timeline-count').textContent = `· ${entries.length} entries`
  const body = $('timeline-body')
  body.replaceChildren()
  for (const entry of entries) {
    const actor = entry.actor ?? {}
    const who = el('td', { class: `who ${actor.role ?? ''}` }, el('strong', { text: actor.name ?? actor.id ?? actor.role }), el('span', { class: 'role', text: actor.role }))
    // A chat or DM has no subject: its words are the headline.
    const headline = entry.subject ?? entry.status ?? (entry.text ? null : entry.type)
    const words = entry.text && entry.text.length > 240 ? `${entry.text.slice(0, 240)}…` : entry.text
    const what = el('td', {},
      headline ? el('div', { class: 'subject', text: headline }) : null,
      words ? el('div', { class: headline ? 'text' : 'text body', text: words }) : null,
      entry.subject && entry.status ? el('div', { class: 'text', text: `status: ${entry.status}` }) : null,
      entry.durationSeconds !== undefined ? el('div', { class: 'text', text: `${Math.round(entry.durationSeconds / 60)} min call` }) : null)
    body.append(el('tr', { attrs: { 'data-event': entry.eventId } },
      el('td', { class: 'when', text: when(entry.occurredAt) }),
      el('td', {}, el('span', { class: `channel ${entry.channel}`, text: entry.channel })),
      el('td', { class: `direction ${entry.direction}`, text: DIRECTION[entry.direction] ?? entry.direction }),
      who, what))
  }
}

/** A readable line for one value of a brief whose exact shape this page does not assume. */
function describe(value) {
  if (value === null || value === undefined) return ''
  if (typeof value !== 'object') return String(value)
  if (Array.isArray(value)) return value.map(describe).join(', ')
  const text = value.text ?? value.summary ?? value.description ?? value.what ?? value.title
  const owner = value.owner?.name ?? value.owner ?? value.by?.name ?? value.by
  const due = value.dueAt ?? value.due ?? value.deadline
  const status = value.status ?? value.state
  const parts = [text, owner ? `owner: ${describe(owner)}` : null, due ? `due ${when(String(due))}` : null, status ? `(${status})` : null].filter(Boolean)
  return parts.length ? parts.join(' · ') : JSON.stringify(value)
}

async function renderBrief(profileId) {
  const target = $('brief-body')
  target.replaceChildren(el('p', { class: 'na', text: 'Loading…' }))
  const { body } = await getJson(`/api/brief/${encodeURIComponent(profileId)}`)
  if (!body.available) {
    target.replaceChildren(el('p', { class: 'na', text: 'Handoff brief: not available in this engine build.' }))
    return
  }
  const parts = [el('p', { class: 'muted small', text: `As of ${when(body.asOf)} UTC` })]
  if (body.text) parts.push(el('pre', { class: 'brief', text: body.text }))
  // The rendered text already carries promises and the clock; the structured parts show only when it is missing.
  if (!body.text && body.commitments.length) {
    parts.push(el('h3', { class: 'small', text: 'Commitments' }))
    parts.push(el('ul', { class: 'commitments' }, ...body.commitments.map((c) => el('li', { text: describe(c) }))))
  }
  if (!body.text && body.clock && typeof body.clock === 'object') {
    parts.push(el('h3', { class: 'small', text: 'Clock' }))
    parts.push(el('dl', { class: 'kv' }, ...Object.entries(body.clock).flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: describe(v) })])))
  } else if (!body.text && body.clock) {
    parts.push(el('p', { text: `Clock: ${describe(body.clock)}` }))
  }
  target.replaceChildren(...parts)
}

function renderEvidence(view) {
  const list = $('evidence-list')
  list.replaceChildren()
  const canUnmerge = view.capabilities.unmerge && view.members.length > 1
  for (const member of view.members) {
    const button = el('button', {
      class: 'unmerge',
      text: 'Unmerge',
      attrs: { type: 'button', 'aria-label': `Unmerge ${member.summary}`, title: view.capabilities.unmerge ? 'Split this event off as a different person' : 'Unmerge: not available in this engine build' },
    })
    button.disabled = !canUnmerge
    // Two clicks: the first asks, the second splits. No modal dialog, so keyboard and screen readers keep their place.
    button.addEventListener('click', () => {
      if (!button.classList.contains('confirm')) {
        button.classList.add('confirm')
        button.textContent = 'Confirm unmerge'
        return
      }
      void unmerge(view.profile.id, member.eventId)
    })
    const detail = member.anchor
      ? el('p', { class: 'anchor', text: 'Earliest event: the profile id derives from it.' })
      : member.steps.length
        ? el('ol', { class: 'steps' }, ...member.steps.map((s) => el('li', { text: s.reason })))
        : el('p', { class: 'anchor', text: 'No evidence path recorded.' })
    list.append(el('li', { attrs: { 'data-event': member.eventId } },
      el('div', { class: 'head' },
        el('span', {}, el('span', { class: `channel ${member.channel}`, text: member.channel }), ' ', el('span', { class: 'summary', text: member.summary })),
        button),
      el('div', { class: 'muted small mono', text: `${when(member.occurredAt)} · ${member.eventId}` }),
      detail))
  }
  if (!view.capabilities.unmerge) {
    list.append(el('li', { class: 'na', text: 'Unmerge: not available in this engine build.' }))
  }
}

async function unmerge(profileId, eventId) {
  const status = $('unmerge-status')
  const { status: code, body } = await getJson('/api/unmerge', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ profileId, eventIds: [eventId] }),
  })
  status.hidden = false
  if (code !== 200 || !body.available) {
    status.className = 'status error'
    status.textContent = body.reason ?? body.error ?? 'Unmerge failed.'
    return
  }
  status.className = 'status'
  status.textContent = `Split ${eventId} off as ${body.split.join(', ') || 'a new person'}.`
  await openCustomer(body.kept ?? profileId)
  status.hidden = false
}

$('search-form').addEventListener('submit', (event) => {
  event.preventDefault()
  const query = $('q').value.trim()
  if (query) void search(query)
})
