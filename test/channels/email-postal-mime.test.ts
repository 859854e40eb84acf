import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { messageIds } from '../../src/channels/index.js'

/** The definition `messageIds` follows: every `<...>` without `<`, `>` or white space inside, else the words. */
function byRegularExpression(header: string): string[] {
  const bracketed = [...header.matchAll(/<([^<>\s]+)>/gu)].map((match) => match[1] as string)
  return bracketed.length > 0 ? bracketed : header.split(/[\s,]+/u).filter(Boolean)
}

const headerText = fc.string({ unit: fc.constantFrom('<', '>', ' ', '\t', '\r', '\n', '\v', '\f', ',', '@', 'a', 'b', '.', '\u00a0', '\u2028', 'é', '\ufeff'), maxLength: 40 })

describe('messageIds', () => {
  it('finds what the regular expression finds, for any mix of brackets, white space and non-ASCII text', () => {
    fc.assert(
      fc.property(fc.oneof(headerText, fc.string()), (header) => {
        expect(messageIds(header)).toStrictEqual(header ? byRegularExpression(header) : [])
      }),
      { numRuns: 20_000 },
    )
  })

  it('reads folded References headers and bare ids', () => {
    expect(messageIds('<a@x.example>\r\n <b@y.example>')).toStrictEqual(['a@x.example', 'b@y.example'])
    expect(messageIds('<a b@x> <<c@y>>')).toStrictEqual(['c@y'])
    expect(messageIds('a@x.example, b@y.example')).toStrictEqual(['a@x.example', 'b@y.example'])
    expect(messageIds(undefined)).toStrictEqual([])
  })
})
