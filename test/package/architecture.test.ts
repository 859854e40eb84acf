import madge from 'madge'
import { describe, expect, it } from 'vitest'

// Every file under src, including the CLI, which the public entry point does not reach.
const graph = await madge('src', { fileExtensions: ['ts'], tsConfig: 'tsconfig.json', detectiveOptions: { ts: { skipTypeImports: false } } })

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

  it('sees every source module', () => {
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(20)
  })
})
