import jsonPatch, { type Operation } from 'fast-json-patch'
import type { ChangeRecord } from '../../src/index.js'

/**
 * A stand-in for a CRM: documents by profile id, kept only by applying change records as the
 * consumer contract says (create: patch applied to {}, update: patch applied to the document,
 * delete: document removed; redacted records carry no patch and are skipped).
 */
export function applyChange(mirror: Record<string, unknown>, record: ChangeRecord): void {
  if (record.op === 'delete') {
    delete mirror[record.profileId]
    return
  }
  const base = record.op === 'create' ? {} : mirror[record.profileId]
  if (record.op === 'update' && base === undefined) throw new Error(`update of unknown profile ${record.profileId} at seq ${record.seq}`)
  if (record.redacted) {
    mirror[record.profileId] = structuredClone(base)
    return
  }
  mirror[record.profileId] = jsonPatch.applyPatch(structuredClone(base), record.patch as Operation[], true, true).newDocument
}
