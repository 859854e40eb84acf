// Helpers shared by the bench modules: streaming NDJSON reading, data files, timing, reports.
import { execFileSync } from 'node:child_process'
import { cpSync, createReadStream, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateFile, type GenerateOptions } from './generate.js'

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url))
export const DATA_DIR = join(BENCH_DIR, '.data')

/** Every line of an NDJSON file, in chunks of whole lines, read as a stream. */
export async function* readLineChunks(file: string): AsyncGenerator<string[]> {
  let rest = ''
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 4 << 20 })
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk
    const lines = text.split('\n')
    rest = lines.pop() ?? ''
    yield lines.filter((line) => line.length > 0)
  }
  if (rest.length > 0) yield [rest]
}

/** Every line of an NDJSON file, parsed, in batches of `size`. */
export async function* readBatches(file: string, size: number): AsyncGenerator<unknown[]> {
  let batch: unknown[] = []
  for await (const lines of readLineChunks(file)) {
    for (const line of lines) {
      batch.push(JSON.parse(line))
      if (batch.length >= size) {
        yield batch
        batch = []
      }
    }
  }
  if (batch.length > 0) yield batch
}

/** Path of a cached traffic file; generated on first use. */
export async function trafficFile(options: GenerateOptions & { readonly name?: string }): Promise<string> {
  mkdirSync(DATA_DIR, { recursive: true })
  const tag = `${options.shared === false ? '-strict' : ''}${options.formats ? `-${options.formats.length}f` : ''}`
  const file = join(DATA_DIR, options.name ?? `traffic-${options.events}-s${options.seed}${tag}.ndjson`)
  if (!existsSync(`${file}.truth.ndjson`) || !existsSync(file)) {
    const started = performance.now()
    await generateFile(file, options)
    log(`generated ${file} in ${seconds(performance.now() - started)} s`)
  }
  return file
}

/** CPU time (user + system) of this process since `start`, in ms: steadier than wall time on a shared box. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

export function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc
  if (!collect) throw new Error('run node with --expose-gc (see bench/run.ts)')
  collect()
  collect()
}

export function heapUsed(): number {
  gc()
  return process.memoryUsage().heapUsed
}

export const seconds = (ms: number) => (ms / 1000).toFixed(2)
export const rate = (count: number, ms: number) => Math.round(count / (ms / 1000))
export const fmt = (n: number) => n.toLocaleString('en-US')
export const ratio = (a: number, b: number) => (a / b).toFixed(2)
export const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`)
}

export function machine(): string {
  const cpu = cpus()
  return [
    `- CPU: ${cpu[0]?.model ?? 'unknown'} (${cpu.length} logical cores, shared with other work)`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node: ${process.version} (${process.platform} ${process.arch})`,
    `- Date: ${new Date().toISOString()}`,
  ].join('\n')
}

/** What a bench module reports to `bench/run.ts`: a section of BENCHMARKS.md. */
export interface BenchReport {
  readonly title: string
  /** Markdown body: tables and notes. */
  readonly markdown: string
  /** Headline figures by name, for tooling. */
  readonly figures: Record<string, number | string | boolean>
}

/** Writes the report where `--report FILE` asks, or prints it. */
export function emitReport(args: Map<string, string>, report: BenchReport): void {
  const file = args.get('report')
  if (file) writeFileSync(file, JSON.stringify(report))
  else process.stdout.write(`## ${report.title}\n\n${report.markdown}\n\n${JSON.stringify(report.figures, null, 2)}\n`)
}

export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/**
 * A runnable copy of `base`'s src/ beside the work tree's bench/ and node_modules, in a fresh
 * temp directory named after `name`, for A/B runs that alternate processes between the two.
 * @returns the directory to run bench scripts in
 */
export function checkoutBase(base: string, name: string): string {
  const root = resolve('.')
  const dir = `/tmp/throughline-${name}-${process.pid}`
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  execFileSync('sh', ['-c', `git archive ${base} src | tar -x -C ${dir}`])
  cpSync(join(root, 'bench'), join(dir, 'bench'), { recursive: true, filter: (path) => !path.includes('.data') })
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }))
  cpSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'))
  return dir
}
