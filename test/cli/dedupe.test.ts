import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { runDedupe } from '../../src/cli/commands/dedupe.js'
import { main } from '../../src/cli/main.js'

function captureIo() {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out: string[] = []
  const err: string[] = []
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()))
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()))
  return { io: { stdout, stderr, isTTY: false }, out: () => out.join(''), err: () => err.join('') }
}

const FEBRL_LIKE = `rec_id, given_name, surname, street_number, address_1, suburb, postcode, state, date_of_birth, soc_sec_id
rec-1-org, lucy, crouch, 202, goulburn street, cromer, 2096, vic, 19400305, 1800445
rec-1-dup-0, lucy, crouhc, 202, goulburn street, cromer, 2096, vic, 19400305, 1800445
rec-2-org, kate, leslie, 169, quinlivan crescent, campsie, 5453, vic, 19250416, 1026159
rec-3-org, jack, stone, 5, milne cove, beaconsfield, 2602, nsw, 19080712, 9497788
`

describe('runDedupe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'throughline-dedupe-'))
  const input = join(dir, 'people.csv')
  writeFileSync(input, FEBRL_LIKE)

  it('writes record_id,profile_id for every row and a summary on stderr', async () => {
    const output = join(dir, 'out.csv')
    const { io, err } = captureIo()
    const code = await runDedupe([input, '--id-column', 'rec_id', '--out', output, '--untrained'], io)
    expect(code).toBe(0)
    const lines = readFileSync(output, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('record_id,profile_id')
    expect(lines).toHaveLength(5)
    expect(lines).toContain('rec-1-org,rec-1-dup-0')
    expect(err()).toMatch(/4 records -> 3 profiles; 1 auto-merges/)
  })
  it('prints the summary as JSON with --json', async () => {
    const { io, out } = captureIo()
    const code = await runDedupe([input, '--id-column', 'rec_id', '--out', join(dir, 'j.csv'), '--json', '--untrained'], io)
    expect(code).toBe(0)
    expect(JSON.parse(out())).toMatchObject({ records: 4, profiles: 3, autoMerges: 1 })
  })
  it('exits with 2 and names the problem for a missing id column', async () => {
    const { io, err } = captureIo()
    expect(await runDedupe([input, '--id-column', 'nope', '--out', join(dir, 'x.csv')], io)).toBe(2)
    expect(err()).toMatch(/id column "nope"/)
  })
  it('exits with 2 for a bad --column role and for missing options', async () => {
    const first = captureIo()
    expect(await runDedupe([input, '--id-column', 'rec_id', '--out', 'x', '--column', 'surname=height'], first.io)).toBe(2)
    expect(first.err()).toMatch(/surname=height/)
    const second = captureIo()
    expect(await runDedupe([input], second.io)).toBe(2)
    expect(second.err()).toMatch(/--id-column/)
  })
})

describe('main', () => {
  it('prints help listing dedupe and rejects unknown commands', async () => {
    const help = captureIo()
    expect(await main(['--help'], help.io)).toBe(0)
    expect(help.out()).toMatch(/dedupe/)
    const unknown = captureIo()
    expect(await main(['frobnicate'], unknown.io)).toBe(2)
    expect(unknown.err()).toMatch(/unknown command "frobnicate"/)
  })
})
