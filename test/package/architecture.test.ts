import madge from 'madge'
import { describe, expect, it } from 'vitest'

const graph = await madge('src/index.ts', { fileExtensions: ['ts'], tsConfig: 'tsconfig.json', detectiveOptions: { ts: { skipTypeImports: false } } })

describe('architecture', () => {
  it('has no import cycles', () => {
    expect(graph.circular()).toEqual([])
  })

  it('lets modules reach each other only through their index faces', () => {
    const crossings = Object.entries(graph.obj()).flatMap(([from, targets]) =>
      targets
        .filter((to) => {
          const [fromModule] = from.split('/')
          const [toModule] = to.split('/')
          return to.includes('/') && fromModule !== toModule && !to.endsWith('/index.ts')
        })
        .map((to) => `${from} -> ${to}`),
    )
    expect(crossings).toEqual([])
  })

  it('reaches every source module from the public entry point', () => {
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(20)
  })
})
