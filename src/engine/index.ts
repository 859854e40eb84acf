export { createEngine, type Engine, type EngineOptions } from './create-engine.js'
export type { FormattedPayload, IngestOptions, IngestReport, RejectedInput } from './ingest.js'
export { type Lookup, LookupSchema, resolveLookup } from './lookup.js'
export { type ActionOptions, type ActionResult, type CaseCallOptions, type CaseMethods, caseMethods, type CommitmentInput } from './case-methods.js'
