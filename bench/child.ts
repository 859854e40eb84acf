// Runs one bench module in its own Node process (fresh heap and JIT, `--expose-gc`) and returns its report.
import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchReport } from './lib.js'

/** Node flags every bench process gets. */
export const NODE_FLAGS = ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx']

export async function runChild(module: string, args: readonly string[]): Promise<BenchReport> {
  const report = join(tmpdir(), `throughline-bench-${process.pid}-${Date.now()}.json`)
  const child = spawn(process.execPath, [...NODE_FLAGS, module, ...args, '--report', report], { stdio: ['ignore', 'inherit', 'inherit'] })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`${module} ${args.join(' ')} exited with ${code}`)
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as BenchReport
  rmSync(report, { force: true })
  return parsed
}
