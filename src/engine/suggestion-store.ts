import { z } from 'zod'
import { compareText } from '../events/index.js'
import { SUGGESTION_STATUSES, type Suggestion } from '../identity/index.js'
import type { StoreReader, StoreWriter } from '../store/index.js'

export const SuggestionQuerySchema = z.strictObject({ status: z.enum(SUGGESTION_STATUSES).optional() })
export type SuggestionQuery = z.input<typeof SuggestionQuerySchema>

/** The meta key holding every suggestion, as one sorted list. */
export const SUGGESTIONS_META_KEY = 'identity:suggestions'

/**
 * Every stored suggestion, in id order.
 * @example (await loadSuggestions(store)).filter((s) => s.status === 'open')
 */
export async function loadSuggestions(reader: StoreReader): Promise<Suggestion[]> {
  const value = await reader.getMeta(SUGGESTIONS_META_KEY)
  return Array.isArray(value) ? (value as Suggestion[]) : []
}

/**
 * Inserts or replaces suggestions by id.
 * @example await saveSuggestions(tx, [{ ...suggestion, status: 'accepted' }])
 */
export async function saveSuggestions(tx: StoreWriter, changed: readonly Suggestion[]): Promise<void> {
  if (changed.length === 0) return
  const byId = new Map((await loadSuggestions(tx)).map((s) => [s.id, s]))
  for (const s of changed) byId.set(s.id, s)
  await tx.putMeta(SUGGESTIONS_META_KEY, [...byId.values()].sort((x, y) => compareText(x.id, y.id)))
}

/** The meta key holding identifier keys an unmerge removed as evidence. */
export const BLOCKED_KEYS_META_KEY = 'identity:blocked-keys'

export async function loadBlockedKeys(reader: StoreReader): Promise<Set<string>> {
  const value = await reader.getMeta(BLOCKED_KEYS_META_KEY)
  return new Set(Array.isArray(value) ? (value as string[]) : [])
}
