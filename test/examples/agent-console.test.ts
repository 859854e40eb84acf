import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capabilities } from '../../examples/agent-console/api.js'
import { createDemoEngine, DEMO_NOW, type RunningConsole, seedDemo, startConsole } from '../../examples/agent-console/server.js'

const CHROMIUM = '/usr/bin/chromium'
const engine = createDemoEngine()
const can = capabilities(engine)

describe.skipIf(!existsSync(CHROMIUM))(`agent console in a browser${existsSync(CHROMIUM) ? '' : ' (skipped: no Chromium at /usr/bin/chromium; run .ci/browser.sh)'}`, () => {
  let running: RunningConsole
  let context: BrowserContext
  let page: Page
  let profileDir: string

  beforeAll(async () => {
    await seedDemo(engine)
    running = await startConsole({ engine, port: 0, clock: () => DEMO_NOW })
    profileDir = await mkdtemp(join(tmpdir(), 'throughline-chromium-'))
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1360, height: 900 },
    })
    page = context.pages()[0] ?? (await context.newPage())
    page.on('pageerror', (error) => {
      throw error
    })
  })

  afterAll(async () => {
    await context?.close()
    await running?.close()
    if (profileDir) await rm(profileDir, { recursive: true, force: true })
  })

  it('finds a customer by a phone number typed the way the customer said it', async () => {
    await page.goto(running.url)
    await page.getByLabel(/find a customer/i).fill('(415) 555-0100')
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(() => page.locator('#profile-name').textContent()).toBe('Ann Lee')
  })

  it('finds the same customer by X id and by event id', async () => {
    for (const query of ['1850001122', 'ann.lee@example.com']) {
      await page.getByLabel(/find a customer/i).fill(query)
      await page.getByRole('button', { name: 'Search' }).click()
      await expect.poll(() => page.locator('#results-list').textContent()).toContain('Ann Lee')
    }
    const eventId = await page.locator('#timeline-body tr').nth(1).getAttribute('data-event')
    await page.getByLabel(/find a customer/i).fill(eventId ?? '')
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(() => page.locator('#results-list').textContent()).toContain('matched by eventId')
  })

  it('shows one timeline across email, voice, CRM and X with the named agents who replied', async () => {
    const rows = page.locator('#timeline-body tr')
    await expect.poll(() => rows.count()).toBe(7)
    const text = (await page.locator('#timeline-body').textContent()) ?? ''
    for (const channel of ['crm', 'email', 'voice', 'x']) expect(text).toContain(channel)
    const jane = rows.filter({ hasText: 'Jane Ortiz' })
    expect(await jane.locator('.direction').textContent()).toContain('out')
    expect(await jane.locator('.channel').textContent()).toBe('email')
    expect(await rows.filter({ hasText: 'Sam Reyes' }).locator('.channel').textContent()).toBe('x')
  })

  it('explains why each member event is this person', async () => {
    const members = page.locator('#evidence-list li[data-event]')
    expect(await members.count()).toBe(7)
    const evidence = (await page.locator('#evidence-list').textContent()) ?? ''
    expect(evidence).toContain('both hold email:ann.lee@example.com')
    expect(evidence).toContain('both hold phone:+14155550100')
    expect(evidence).toContain('both hold x:1850001122')
    expect(evidence).toContain('Earliest event')
  })

  it.skipIf(!can.brief)(`shows the handoff brief with commitments and the clock${can.brief ? '' : ' (skipped: engine.brief has not landed)'}`, async () => {
    const brief = page.locator('#brief-body')
    await expect.poll(() => brief.textContent()).toContain('As of 2026-11-21 09:00')
    const text = (await brief.textContent()) ?? ''
    expect(text).not.toContain('not available')
    expect(text).toMatch(/Jane Ortiz|Sam Reyes/)
    expect(text).toMatch(/tracking/i)
  })

  it('saves a screenshot for the README', async () => {
    await mkdir('.artifacts', { recursive: true })
    const png = await page.screenshot({ path: '.artifacts/agent-console.png', fullPage: true })
    // The README's picture changes only when asked to, so a test run leaves the tree clean.
    if (process.env.UPDATE_SCREENSHOTS === '1') await writeFile('docs/agent-console.png', png)
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(png.length).toBeGreaterThan(20_000)
  })

  it.skipIf(!can.unmerge)(`splits the call off as a different person with the unmerge button${can.unmerge ? '' : ' (skipped: engine.unmerge has not landed)'}`, async () => {
    const call = page.locator('#evidence-list li[data-event]').filter({ hasText: 'voice' })
    const callId = await call.getAttribute('data-event')
    const button = call.getByRole('button', { name: /unmerge/i })
    await button.click()
    await button.click()
    await expect.poll(() => page.locator('#unmerge-status').textContent()).toContain('Split')
    await expect.poll(() => page.locator(`#evidence-list li[data-event="${callId}"]`).count()).toBe(0)
    expect((await engine.profile({ eventId: callId ?? '' }))?.id).not.toBe((await engine.profile({ email: 'ann.lee@example.com' }))?.id)
  })

  it('says "not available" for the panels this engine build lacks', async () => {
    if (!can.brief) expect(await page.locator('#brief-body').textContent()).toContain('not available')
    if (!can.unmerge) expect(await page.locator('#evidence-list').textContent()).toContain('not available')
  })
  it('renders customer-written text as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.__xss=1">Broken <b>again</b>'
    await engine.ingest([
      {
        occurredAt: '2026-11-20T20:00:00Z',
        channel: 'email',
        direction: 'inbound',
        actor: { role: 'customer', name: hostile },
        identifiers: [{ kind: 'email', value: 'ann.lee@example.com' }],
        content: { subject: hostile, text: hostile },
        source: { system: 'email', id: '<xss-check@example.com>' },
      },
    ])
    await page.getByLabel(/find a customer/i).fill('ann.lee@example.com')
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(() => page.locator('#timeline-body').textContent()).toContain('<img src=x')
    expect(await page.locator('#timeline-body img, #timeline-body b').count()).toBe(0)
    expect(await page.evaluate('window.__xss')).toBeUndefined()
  })
})
