import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const built = existsSync('dist/index.js') && existsSync('dist/index.cjs')
const program = (loader: string) => `
  ${loader}
  const engine = t.createEngine({ clock: () => new Date(0) })
  engine.ingest([{ occurredAt: 0, channel: 'web', direction: 'inbound', actor: { role: 'customer' },
    identifiers: [{ kind: 'email', value: 'A@B.co' }], source: { system: 's', id: '1' } }])
    .then(async () => console.log((await engine.profile({ email: 'a@b.co' })).identifiers[0].value))`

describe.skipIf(!built)('built package (run `npm run build` first)', () => {
  it('works when required from CommonJS', () => {
    const out = execFileSync(process.execPath, ['-e', program("const t = require('./dist/index.cjs')")], { encoding: 'utf8' })
    expect(out.trim()).toBe('a@b.co')
  })

  it('works when imported as an ES module', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', program("const t = await import('./dist/index.js')")], { encoding: 'utf8' })
    expect(out.trim()).toBe('a@b.co')
  })
})
