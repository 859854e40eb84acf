// The agent console: one page an agent keeps open to see who is on the line, everything they
// said on every channel, what was promised, and why the engine thinks it is one person.
// Run with `npx tsx examples/agent-console/server.ts` (PORT=4870 by default) and open the URL.
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { createEngine, type Engine } from '../../src/index.js'
import * as api from './api.js'

export interface ConsoleOptions {
  readonly engine: Engine
  /** 0 picks a free port. Default 0. */
  readonly port?: number
  /** Default 127.0.0.1: the console has no login, so it listens on loopback only. */
  readonly host?: string
  /** "Now" for briefs and clocks. Default: the system clock. */
  readonly clock?: () => Date
}

export interface RunningConsole {
  readonly url: string
  close(): Promise<void>
}

const STATIC: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
}

const SECURITY_HEADERS = {
  // Everything the page needs comes from this server; no inline script, so injected markup cannot run.
  'content-security-policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

const MAX_BODY = 64 * 1024

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(body))
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new HttpError(413, 'request body too large')
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new HttpError(400, 'request body is not JSON')
  }
}

/**
 * Starts the console over an engine.
 * @example
 * const { url, close } = await startConsole({ engine, port: 0 })
 */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const { engine } = options
  const clock = options.clock ?? (() => new Date())
  const here = new URL('./', import.meta.url)

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console.invalid')
    const asset = STATIC[url.pathname]
    if (req.method === 'GET' && asset) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type })
      res.end(await readFile(new URL(asset.file, here)))
      return
    }
    if (req.method === 'GET' && url.pathname === '/api/search') {
      send(res, 200, { query: url.searchParams.get('q') ?? '', hits: await api.search(engine, url.searchParams.get('q') ?? '') })
      return
    }
    const customer = /^\/api\/customer\/(prf_[\w-]+)$/.exec(url.pathname)
    if (req.method === 'GET' && customer) {
      const view = await api.customer(engine, customer[1] as string)
      if (view) send(res, 200, view)
      else send(res, 404, { error: 'no such customer' })
      return
    }
    const brief = /^\/api\/brief\/(prf_[\w-]+)$/.exec(url.pathname)
    if (req.method === 'GET' && brief) {
      const asOfParam = url.searchParams.get('asOf')
      const asOf = asOfParam ? new Date(asOfParam) : clock()
      if (Number.isNaN(asOf.getTime())) throw new HttpError(400, 'asOf is not a date')
      const view = await api.brief(engine, brief[1] as string, asOf)
      send(res, view.available ? 200 : 501, view)
      return
    }
    if (url.pathname === '/api/unmerge') {
      if (req.method !== 'POST') throw new HttpError(405, 'use POST')
      const body = (await readJson(req)) as { profileId?: unknown; eventIds?: unknown }
      const { profileId, eventIds } = body ?? {}
      if (typeof profileId !== 'string' || !Array.isArray(eventIds) || eventIds.length === 0 || !eventIds.every((id) => typeof id === 'string')) {
        throw new HttpError(400, 'expected { profileId: string, eventIds: string[] }')
      }
      const view = await api.unmerge(engine, profileId, eventIds as string[])
      send(res, view.available ? 200 : 501, view)
      return
    }
    throw new HttpError(404, 'not found')
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return send(res, error.status, { error: error.message })
      // Lookup and option errors from the engine are the caller's mistake; anything else is ours.
      const code = (error as { code?: unknown })?.code
      if (typeof code === 'string' && code.startsWith('invalid_')) return send(res, 400, { error: (error as Error).message, code })
      console.error(error)
      return send(res, 500, { error: 'internal error' })
    })
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** The demo's fixed "now": the Saturday morning after the quickstart's week of contacts. */
export const DEMO_NOW = new Date('2026-11-21T09:00:00Z')

/** An engine with the company context of the examples: Acme's support addresses, numbers and agents. */
export function createDemoEngine(): Engine {
  return createEngine({
    context: {
      ownEmails: ['support@acme.example'],
      ownDomains: ['acme.example'],
      ownPhones: ['+1 800 555 0199'],
      ownAccounts: ['900100200'],
      agents: [
        { id: 'jane', name: 'Jane Ortiz', emails: ['jane@acme.example'] },
        { id: 'sam', name: 'Sam Reyes', emails: ['sam@acme.example'], handles: ['900100200'] },
      ],
    },
    clock: () => DEMO_NOW,
  })
}

/** Loads the quickstart's week of contacts plus the console's own few X and chat events. */
export async function seedDemo(engine: Engine): Promise<void> {
  const files = [new URL('../data/contacts.ndjson', import.meta.url), new URL('./demo-data.ndjson', import.meta.url)]
  const inputs: unknown[] = []
  for (const file of files) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) if (line.trim()) inputs.push(JSON.parse(line))
  }
  const report = await engine.ingest(inputs)
  if (report.rejected.length > 0) throw new Error(`demo data rejected: ${JSON.stringify(report.rejected)}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const engine = createDemoEngine()
  await seedDemo(engine)
  const running = await startConsole({ engine, port: Number(process.env['PORT'] ?? 4870), clock: () => DEMO_NOW })
  console.log(`agent console on ${running.url}  (try "ann.lee@example.com", "(312) 555-0147" or "1850001122")`)
  process.once('SIGINT', () => void running.close())
}
