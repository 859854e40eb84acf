export { type Case, buildCases, type EscalationSignal, isPublicPost, type WaitingOn } from './build-cases.js'
export { type BriefInput, type BriefItem, type BriefOptions, type BriefProfile, buildBrief, buildBriefWith, type CaseBrief, type HandoffBrief, resolveBriefOptions } from './build-brief.js'
export { type BriefState, createBriefState } from './brief-state.js'
export {
  addBusinessDays,
  addBusinessMinutes,
  type BusinessCalendar,
  type BusinessCalendarInput,
  BusinessCalendarSchema,
  businessMinutesBetween,
  createBusinessCalendar,
  endOfBusinessDay,
  formatLocal,
  isBusinessDay,
  WEEKDAYS,
  type Weekday,
} from './business-calendar.js'
export { type AgentRef, AgentRefSchema, CASE_ACTIONS, type CaseAction, type CaseActionName, CaseActionSchema, caseActionEvent, caseActionOf } from './case-action.js'
export { type CaseContext, type CaseOptions, CaseOptionsSchema, resolveCaseOptions } from './case-options.js'
export { type AgentName, type CaseOwnership, caseOwnership, type OwnershipChange } from './case-ownership.js'
export { type ExtractedCommitment, extractCommitments, type Fulfilment } from './extract-commitments.js'
export { caseIdFor, type GroupedCase, groupCases, type Placement } from './group-cases.js'
export {
  type BusinessReference,
  compileReferencePatterns,
  DEFAULT_REFERENCE_PATTERNS,
  extractReferences,
  type ReferencePatternInput,
  ReferencePatternSchema,
} from './reference-patterns.js'
export { type BriefFormat, renderBrief } from './render-brief.js'
export { detectRepeats, jaccard, type RepeatSignal } from './repeat-detection.js'
export { CLOCK_STATUSES, type ClockStatus, type ResponseClock, responseClock, type ResponseWait } from './response-clock.js'
export { type SentimentPoint, type SentimentTrend, scoreText, sentimentTrend } from './sentiment-trend.js'
export { DEFAULT_SLA_POLICIES, PRIORITIES, type Priority, policyFor, type SlaPolicy, type SlaPolicyInput, SlaPolicySchema } from './sla-policy.js'
export { extractStatedFacts, type StatedFact } from './stated-facts.js'
export { type Commitment, COMMITMENT_STATUSES, type CommitmentStatus, trackCommitments } from './track-commitments.js'
