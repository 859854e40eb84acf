export { describeEvidence, type EvidenceStep, explainPath, type MergeExplanation } from './explain.js'
export { isPlaceholder, PLACEHOLDER_VALUES, type PlaceholderOptions } from './placeholder-values.js'
export { type IdentityRules, profileIdFor, type ResolvedProfile, resolveRegion, usableKeys } from './resolve-region.js'
export { UnionFind } from './union-find.js'
