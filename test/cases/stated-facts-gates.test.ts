import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PHRASE_WORDS, PHRASES } from '../../src/cases/repeat-detection.js'
import { ASK_WORDS, askedByPatterns, asks, mentionsAny, NAME, NAME_WORDS, USERNAME, USERNAME_WORDS } from '../../src/cases/stated-facts.js'

// Fragments near the patterns' words, in odd cases, with the characters case folding treats specially.
const FRAGMENTS = [
  'name', 'NAME', 'Name', 'full name', 'your name', 'user name', 'username', 'USER', 'uſer', 'uſername', 'login', 'LOGIN', 'handle', 'HANDLE',
  'account id', 'Account ID', 'e-mail', 'EMAIL', 'mail', 'order #', 'ORDER ID', 'order number', 'phone', 'Phone', 'number to reach', 'call you on',
  'My name is', 'my name is', "name's", "Name's", 'This is', 'this is', "I'm", 'I am', 'Ann Lee', 'Crystal', 'is', ': ', '@', 'ann_lee7', 'K', 'ſ', 'İ',
  ' ', ' ', 'x', '.', '?',
  // Around the repeat phrases.
  'As I ', 'aſ i ', 'already ', 'ALREADY ', 'said', 'told you', "I've ", 'calling ', 'again', 'back again', 'for the ', 'third', '2nd', ' time',
  'ASKED ', 'asKed ', 'told ', 'your colleague', 'before', 'how many times', 'repeat myself', 'once again', 'ONCE AGAIN',
  'for the third time', 'For The 2nd time', 'asKed someone before', 'told you already', 'as I already said', "I'm calling back again", 'i have already sent',
]
const text = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((parts) => parts.join(''))

describe('stated facts: the cheap gates before the patterns', () => {
  it('asks for exactly what the ungated patterns find', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(asks(t)).toEqual(askedByPatterns(t))
      }),
      { numRuns: 3000 },
    )
  })
  it('let through every text the username, name and repeat-phrase patterns match', () => {
    fc.assert(
      fc.property(text, (t) => {
        if (USERNAME.test(t)) expect(mentionsAny(t, USERNAME_WORDS)).toBe(true)
        if (NAME.test(t)) expect(NAME_WORDS.some((w) => t.includes(w))).toBe(true)
        if (askedByPatterns(t).size > 0) expect(mentionsAny(t, ASK_WORDS)).toBe(true)
        if (PHRASES.test(t)) expect(mentionsAny(t, PHRASE_WORDS)).toBe(true)
      }),
      { numRuns: 3000 },
    )
  })
  it('reads a long s as the patterns do', () => {
    expect(asks('your uſername please')).toEqual(askedByPatterns('your uſername please'))
    expect(asks('your uſername please').has('username')).toBe(true)
  })
})
