import fc from 'fast-check'

type Path = (string | number)[]

/** Every path inside a JSON value, the root included. */
export function paths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix]
  if (Array.isArray(value)) value.forEach((item, index) => out.push(...paths(item, [...prefix, index])))
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]))
  return out
}

export interface Mutation {
  readonly at: number
  readonly op: 'delete' | 'replace' | 'wrap'
  readonly value: unknown
}

/** A provider payload with a few fields deleted, replaced by arbitrary JSON, or wrapped in an array. */
export function mutate(valid: unknown, mutations: readonly Mutation[]): unknown {
  let payload = structuredClone(valid)
  for (const mutation of mutations) {
    const all = paths(payload)
    const path = all[mutation.at % all.length] as Path
    if (path.length === 0) {
      payload = mutation.op === 'wrap' ? [payload] : mutation.value
      continue
    }
    let parent = payload as Record<string | number, unknown>
    for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>
    const key = path[path.length - 1] as string | number
    if (mutation.op === 'delete') delete parent[key]
    else parent[key] = mutation.op === 'wrap' ? [parent[key]] : mutation.value
  }
  return payload
}

export const mutation = fc.record({ at: fc.nat(), op: fc.constantFrom('delete', 'replace', 'wrap') as fc.Arbitrary<Mutation['op']>, value: fc.jsonValue({ maxDepth: 2 }) })
