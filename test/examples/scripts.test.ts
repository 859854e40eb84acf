import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

/** Runs an example the way its header says to, and returns what it printed. */
async function example(name: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', `examples/${name}`], { timeout: 60_000 })
  return stdout
}

describe('examples', () => {
  it('webhooks.ts answers a Twilio form post with the caller profile and reports formats this build lacks', async () => {
    const out = await example('webhooks.ts')
    expect(out).toMatch(/POST \/webhooks\/twilio\.voice\.status -> 200/)
    expect(out).toMatch(/\+14155550100|brief/)
    // Every post gets an answer: 200 with the customer, or 422 with the reason.
    for (const format of ['twilio.sms', 'whatsapp.cloud', 'chatwoot.webhook']) expect(out).toMatch(new RegExp(`POST /webhooks/${format.replace('.', '\\.')} -> (200|422)`))
  })

  it('dedupe-csv.ts scores pairwise precision, recall and F1 against the labels', async () => {
    const out = await example('dedupe-csv.ts')
    expect(out).toContain('1000 rows, 251 true people')
    expect(out).toMatch(/2031/)
    // The probabilistic row: F1 read from the printed table must clear the bar for fake_1000.
    const f1 = Number(/'probabilistic \(trainModel \+ dedupe\)'.*'([\d.]+)'\s*│\s*$/mu.exec(out)?.[1])
    expect(f1).toBeGreaterThanOrEqual(0.95)
  })

  it('quickstart.ts prints each person and why the call is Ann’s', async () => {
    const out = await example('quickstart.ts')
    expect(out).toContain('Ann Lee')
    expect(out).toContain('both hold email:ann.lee@example.com')
  })
})
