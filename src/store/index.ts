export { createMemoryStore } from './memory-store.js'
export { indexKeys } from './store.js'
export type { ChangeRecord, EvidenceEdge, Link, Store, StoredProfile, StoreReader, StoreWriter, Suppression } from './store.js'
