/**
 * Why a pattern could backtrack catastrophically, or `undefined` when it passes. Conservative:
 * refuses a quantified group that itself contains a quantifier or an alternation (`(a+)+`,
 * `(a|ab)*`), back-references and lookarounds. Refusing a few safe patterns is the price of
 * never letting a customer's message hang the process.
 * @example unsafePatternReason('(a+)+$') // 'a quantified group contains a quantifier or alternation (nested repetition)'
 */
export function unsafePatternReason(pattern: string, flags = 'u'): string | undefined {
  try {
    new RegExp(pattern, flags)
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`
  }
  if (/\\[1-9]|\\k</u.test(pattern)) return 'back-references are not allowed'
  if (/\(\?<?[=!]/u.test(pattern)) return 'lookarounds are not allowed'
  // A stack of open groups; each remembers whether it holds a quantifier or `|`.
  const stack: boolean[] = []
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '\\') {
      i++
      continue
    }
    if (inClass) {
      if (ch === ']') inClass = false
      continue
    }
    if (ch === '[') inClass = true
    else if (ch === '(') stack.push(false)
    else if (ch === '|' && stack.length > 0) stack[stack.length - 1] = true
    else if (ch === ')') {
      const risky = stack.pop() ?? false
      const next = pattern[i + 1]
      const repeated = next === '*' || next === '+' || (next === '{' && !/^\{(\d+)\}|^\{[01]\}|^\{0,1\}/u.test(pattern.slice(i + 1)))
      if (risky && repeated) return 'a quantified group contains a quantifier or alternation (nested repetition)'
      if (stack.length > 0 && (risky || next === '*' || next === '+' || next === '?' || next === '{')) stack[stack.length - 1] = true
    } else if ((ch === '*' || ch === '+' || ch === '{') && stack.length > 0) stack[stack.length - 1] = true
  }
  return undefined
}

/**
 * Whether a user-supplied pattern is free of the constructs that backtrack catastrophically
 * (see {@link unsafePatternReason}). Conservative: it may refuse a pattern that is safe.
 * @example isSafePattern(/ORD-\d{4,10}/) // true
 * @example isSafePattern(/(\w+\s?)+$/) // false
 */
export function isSafePattern(pattern: RegExp): boolean {
  return unsafePatternReason(pattern.source, pattern.flags.replace(/[gy]/gu, '')) === undefined
}

/**
 * A copy of the pattern with the global flag, for `matchAll`, keeping the caller's flags otherwise.
 * @example [...'A1 B2'.matchAll(globalPattern(/[A-Z]\d/u))].length // 2
 */
export function globalPattern(pattern: RegExp): RegExp {
  return pattern.global ? new RegExp(pattern.source, pattern.flags) : new RegExp(pattern.source, `${pattern.flags}g`)
}
