import { z } from 'zod'
import type { CustomerEvent } from '../events/index.js'
import type { ChangeRecord, Link, StoredProfile, Suppression } from './store.js'

/**
 * Everything a memory store holds, as one JSON-serialisable value: the event log, the
 * projections, links, suppressions, the change feed and meta. Indexes are rebuilt on restore,
 * so they are not part of it. Erased data is deleted from the tables, so it is not in here.
 */
export interface MemorySnapshot {
  readonly format: 'throughline.memory'
  readonly version: 1
  readonly events: readonly CustomerEvent[]
  readonly profiles: readonly StoredProfile[]
  readonly links: readonly Link[]
  readonly suppressions: readonly Suppression[]
  readonly changes: readonly ChangeRecord[]
  readonly meta: readonly (readonly [string, unknown])[]
}

/**
 * The shape checked when a snapshot is restored: its envelope and that every table is a list
 * of objects with ids. Rows were validated when they were first written, so they are trusted.
 */
export const MemorySnapshotSchema = z.object({
  format: z.literal('throughline.memory'),
  version: z.literal(1),
  events: z.array(z.looseObject({ id: z.string() })),
  profiles: z.array(z.looseObject({ id: z.string(), eventIds: z.array(z.string()) })),
  links: z.array(z.looseObject({ id: z.string(), a: z.string(), b: z.string() })),
  suppressions: z.array(z.looseObject({ hash: z.string() })),
  changes: z.array(z.looseObject({ seq: z.number().int() })),
  meta: z.array(z.tuple([z.string(), z.unknown()])),
})
