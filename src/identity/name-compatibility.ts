import type { CustomerEvent } from '../events/index.js'

/** Short forms that stand for the same given name. Each group is one name. */
const NICKNAME_GROUPS: readonly (readonly string[])[] = [
  ['robert', 'rob', 'bob', 'bobby', 'robbie'],
  ['william', 'will', 'bill', 'billy', 'liam'],
  ['richard', 'rick', 'dick', 'rich', 'richie'],
  ['elizabeth', 'liz', 'beth', 'betty', 'eliza', 'lisa', 'libby'],
  ['margaret', 'maggie', 'meg', 'peggy', 'marge'],
  ['katherine', 'catherine', 'kate', 'katie', 'kathy', 'cathy', 'kat'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['john', 'jack', 'johnny', 'jon'],
  ['michael', 'mike', 'mick', 'mikey'],
  ['anthony', 'tony'],
  ['edward', 'ed', 'eddie', 'ted', 'ned'],
  ['alexander', 'alex', 'sasha', 'xander', 'alexandra', 'alexa'],
  ['joseph', 'joe', 'joey'],
  ['thomas', 'tom', 'tommy'],
  ['charles', 'charlie', 'chuck'],
  ['daniel', 'dan', 'danny'],
  ['david', 'dave', 'davy'],
  ['susan', 'sue', 'susie'],
  ['jennifer', 'jen', 'jenny'],
  ['patricia', 'pat', 'patty', 'tricia'],
  ['ann', 'anne', 'anna', 'annie', 'hannah'],
  ['steven', 'stephen', 'steve'],
  ['christopher', 'chris', 'kit'],
  ['nicholas', 'nick', 'nicky'],
  ['benjamin', 'ben', 'benny'],
  ['samuel', 'sam', 'sammy', 'samantha'],
  ['matthew', 'matt'],
  ['andrew', 'andy', 'drew'],
]

const NICKNAME: ReadonlyMap<string, number> = new Map(NICKNAME_GROUPS.flatMap((group, i) => group.map((name) => [name, i] as const)))
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'madam', 'mx'])
/** Words systems put where a name is unknown: a name made only of these names nobody. */
const NO_NAME = new Set(['unknown', 'customer', 'client', 'guest', 'anonymous', 'user', 'caller', 'wireless', 'name', 'no', 'none', 'n', 'a', 'na', 'test', 'private', 'number'])

/**
 * Lower-case ASCII name tokens without titles: "Dr. José  O'Neil" → ['jose', 'oneil'].
 * @example nameTokens('Dr. José O’Neil') // ['jose', 'oneil']
 */
export function nameTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .replace(/['’]/gu, '')
    .split(/[^a-z]+/u)
    .filter((token) => token.length > 0 && !TITLES.has(token))
}

function tokensCompatible(a: string, b: string): boolean {
  if (a === b) return true
  // An initial stands for any name it starts ("A. Lee" is Ann Lee).
  if (a.length === 1 || b.length === 1) return a[0] === b[0]
  const na = NICKNAME.get(a)
  if (na !== undefined && na === NICKNAME.get(b)) return true
  // A truncation of three letters or more ("Chris", "Christoph") is the same name typed short.
  return Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a))
}

/**
 * Whether two names could belong to one person. Given names decide: surnames change with
 * marriage and are often missing, so a different surname alone is tolerated. Initials,
 * nicknames (Bob/Robert) and truncations are compatible; reversed order ("Lee Ann") too.
 * @example namesCompatible('Ann Lee', 'A. Lee') // true
 * @example namesCompatible('Ann Lee', 'Bob Lee') // false
 */
export function namesCompatible(a: string, b: string): boolean {
  const x = nameTokens(a)
  const y = nameTokens(b)
  if (x.length === 0 || y.length === 0) return true
  // One bare token may be either the given name or the surname of the other.
  if (x.length === 1) return y.some((t) => tokensCompatible(x[0] as string, t))
  if (y.length === 1) return x.some((t) => tokensCompatible(y[0] as string, t))
  const [gx, fx, gy, fy] = [x[0], x.at(-1), y[0], y.at(-1)] as string[]
  return tokensCompatible(gx as string, gy as string) || (tokensCompatible(gx as string, fy as string) && tokensCompatible(fx as string, gy as string))
}

/**
 * The name an event gives for its customer: `name`, else `givenName familyName`; none for
 * outbound events, whose traits describe no customer.
 * @example eventName({ ...event, traits: { givenName: 'Ann', familyName: 'Lee' } }) // 'Ann Lee'
 */
export function eventName(event: CustomerEvent): string | undefined {
  if (event.direction === 'outbound') return undefined
  const { name, givenName, familyName } = event.traits
  const parts = [givenName, familyName].filter((p): p is string => typeof p === 'string' && p.trim() !== '')
  const text = typeof name === 'string' && name.trim() ? name : parts.join(' ')
  const tokens = nameTokens(text)
  return tokens.length > 0 && !tokens.every((t) => NO_NAME.has(t)) ? text : undefined
}
