import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { CONTEXT, EVENTS, ndjson } from './cli-harness.js'

const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
const built = existsSync(BIN)
if (!built) console.warn(`skipping the built-bin test: ${BIN} does not exist (run npm run build)`)

/** Runs the built bin and resolves with its exit code and output, also on a non-zero exit. */
async function bin(args: readonly string[], cwd: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout: string; stderr: string }
    return { code: failed.code ?? -1, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe.skipIf(!built)('the built throughline bin', () => {
  it('ingests into the default state file in its working directory, then answers lookups', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'throughline-bin-'))
    try {
      await writeFile(join(dir, 'events.ndjson'), ndjson(EVENTS))
      await writeFile(join(dir, 'context.json'), JSON.stringify(CONTEXT))
      expect(await bin(['ingest', 'events.ndjson', '--context', 'context.json'], dir)).toMatchObject({ code: 0 })
      expect(existsSync(join(dir, 'throughline-state.json'))).toBe(true)
      const profile = await bin(['profile', 'crm:hubspot:1001', '--json'], dir)
      expect(profile.code).toBe(0)
      expect(JSON.parse(profile.stdout).traits.name.value).toBe('Ann Lee')
      expect((await bin(['profile', 'nobody@example.com'], dir)).code).toBe(1)
      expect((await bin(['export', '--format', 'yaml'], dir)).code).toBe(2)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
