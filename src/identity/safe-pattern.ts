/**
 * Whether a user-supplied pattern is free of the constructs that backtrack catastrophically:
 * a quantified group that itself contains a quantifier (`(a+)+`, `(\w*x?)*`), or a quantified
 * group of alternatives (`(a|a)*`). Conservative: it may refuse a pattern that is safe, but
 * never accepts one of those shapes. Back-references are refused too.
 * @example isSafePattern(/ORD-\d{4,10}/) // true
 * @example isSafePattern(/(\w+\s?)+$/) // false
 */
export function isSafePattern(pattern: RegExp): boolean {
  const source = pattern.source
  if (/\\[1-9]/u.test(source)) return false
  // Walk groups with a stack; mark a group "risky" when it holds a quantifier or an alternation.
  const stack: { risky: boolean }[] = []
  let inClass = false
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') {
      i++
      continue
    }
    if (inClass) {
      if (c === ']') inClass = false
      continue
    }
    if (c === '[') inClass = true
    else if (c === '(') stack.push({ risky: false })
    else if (c === '|') {
      const top = stack.at(-1)
      if (top) top.risky = true
    } else if (c === ')') {
      const group = stack.pop()
      const next = source[i + 1]
      const quantified = next === '*' || next === '+' || (next === '{' && !/^\{0?,?1\}/u.test(source.slice(i + 1)))
      if (group?.risky && quantified) return false
      const parent = stack.at(-1)
      if (parent && (group?.risky || quantified)) parent.risky = true
    } else if ((c === '*' || c === '+' || c === '{') && stack.length > 0) {
      ;(stack.at(-1) as { risky: boolean }).risky = true
    }
  }
  return true
}

/**
 * A copy of the pattern with the global flag, for `matchAll`, keeping the caller's flags otherwise.
 * @example [...'A1 B2'.matchAll(globalPattern(/[A-Z]\d/u))].length // 2
 */
export function globalPattern(pattern: RegExp): RegExp {
  return pattern.global ? new RegExp(pattern.source, pattern.flags) : new RegExp(pattern.source, `${pattern.flags}g`)
}
