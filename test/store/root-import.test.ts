import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const recorder = join(import.meta.dirname, 'fixtures', 'import-recorder.mjs')
const dir = mkdtempSync(join(tmpdir(), 'throughline-imports-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The module URLs a fresh Node process resolves while running `code`. */
function importsOf(code: string, name: string): string[] {
  const log = join(dir, `${name}.log`)
  execFileSync(process.execPath, ['--import', 'tsx', '--import', recorder, '--input-type=module', '-e', code], {
    cwd: root,
    env: { ...process.env, IMPORT_LOG: log },
    stdio: 'pipe',
  })
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []
}

const isPg = (url: string) => /\/node_modules\/(pg|pg-[a-z-]+|@electric-sql\/pglite)\//.test(url)

describe('optional pg dependency', () => {
  it('sees pg when pg is imported (the recorder works)', () => {
    expect(importsOf("await import('pg')", 'control').some(isPg)).toBe(true)
  }, 20_000)

  it('does not load pg or PGlite when the root entry is imported', () => {
    const urls = importsOf("await import('./src/index.ts')", 'root')
    expect(urls.some((u) => u.endsWith('/src/index.ts'))).toBe(true)
    expect(urls.filter(isPg)).toEqual([])
  }, 20_000)

  it('does not load pg when the postgres entry is imported either: the pool is passed in', () => {
    const urls = importsOf("await import('./src/store/postgres/index.ts')", 'postgres')
    expect(urls.filter(isPg)).toEqual([])
  }, 20_000)

  it.skipIf(!existsSync(join(root, 'dist', 'index.cjs')))('does not require pg from the built CommonJS root entry', () => {
    const out = execFileSync(
      process.execPath,
      ['-e', "require('./dist/index.cjs'); console.log(JSON.stringify(Object.keys(require.cache)))"],
      { cwd: root, encoding: 'utf8' },
    )
    expect((JSON.parse(out) as string[]).filter(isPg)).toEqual([])
  })
})
