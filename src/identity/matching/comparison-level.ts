/**
 * How far two values of one field agree, strongest first after `missing`.
 * - `missing`: either side is empty; contributes no evidence (weight 0).
 * - `exact`: equal after normalization.
 * - `close`: a typo away (edit distance, Jaro–Winkler, transposed day/month, adjacent numbers).
 * - `phonetic`: sounds alike or one is a prefix/nickname of the other (names only).
 * - `partial`: weaker agreement (a date within a year, a shared street name with another number).
 * - `different`: none of the above.
 *
 * Levels are small integers (their index here) so comparison vectors pack into one number.
 */
export const COMPARISON_LEVELS = ['missing', 'exact', 'close', 'phonetic', 'partial', 'different'] as const
export type ComparisonLevel = (typeof COMPARISON_LEVELS)[number]

export const MISSING = 0
export const EXACT = 1
export const CLOSE = 2
export const PHONETIC = 3
export const PARTIAL = 4
export const DIFFERENT = 5
/** Number of levels; the radix of a packed comparison vector. */
export const LEVEL_COUNT = COMPARISON_LEVELS.length
