// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the top functions by self time, and by
// total (inclusive) time, so hot spots can be read without DevTools.
//   npx tsx bench/profile-top.ts FILE.cpuprofile [--top 25]
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from './generate.js'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

export interface HotSpot {
  readonly name: string
  readonly selfPercent: number
  readonly totalPercent: number
}

export function topFunctions(file: string, top = 25): { self: HotSpot[]; total: HotSpot[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[] }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const label = (n: Node) => {
    const url = n.callFrame.url.replace(/^.*\/(node_modules\/)?/u, (m, nm: string | undefined) => (nm ? 'node_modules/' : ''))
    const where = n.callFrame.url.includes('node_modules') ? n.callFrame.url.slice(n.callFrame.url.lastIndexOf('node_modules/') + 13) : url
    return `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`
  }
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  let all = 0
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0
    if (hits === 0) continue
    all += hits
    self.set(label(n), (self.get(label(n)) ?? 0) + hits)
    // Inclusive time: count each function once per stack, however deep it recurses.
    const onStack = new Set<string>()
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id) as Node
      onStack.add(label(node))
    }
    for (const name of onStack) total.set(name, (total.get(name) ?? 0) + hits)
  }
  const list = (map: Map<string, number>, key: 'self' | 'total') =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({ name, selfPercent: key === 'self' ? (hits / all) * 100 : ((self.get(name) ?? 0) / all) * 100, totalPercent: ((total.get(name) ?? 0) / all) * 100 }))
  return { self: list(self, 'self'), total: list(total, 'total') }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = parseArgs(process.argv.slice(2))
  const file = process.argv[2] as string
  const { self, total } = topFunctions(file, Number(args.get('top') ?? 25))
  console.log('self%  total%  function')
  for (const h of self) console.log(`${h.selfPercent.toFixed(1).padStart(5)} ${h.totalPercent.toFixed(1).padStart(6)}  ${h.name}`)
  console.log('\nby total (inclusive) time')
  for (const h of total) console.log(`${h.selfPercent.toFixed(1).padStart(5)} ${h.totalPercent.toFixed(1).padStart(6)}  ${h.name}`)
}
