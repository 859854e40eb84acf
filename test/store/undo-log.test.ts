import { describe, expect, it } from 'vitest'
import { UndoLog } from '../../src/store/undo-log.js'

describe('UndoLog', () => {
  it('restores maps and sets exactly, latest step first', () => {
    const map = new Map<string, unknown>([['kept', 1], ['changed', 'old'], ['gone', undefined]])
    const set = new Set(['a', 'b'])
    const calls: string[] = []
    const log = new UndoLog()
    log.mapEntry(map, 'changed')
    map.set('changed', 'new')
    log.mapEntry(map, 'added')
    map.set('added', 2)
    log.mapEntry(map, 'gone')
    map.delete('gone')
    // Two writes to one key: the first state is what comes back.
    log.mapEntry(map, 'added')
    map.set('added', 3)
    log.setMember(set, 'a')
    set.delete('a')
    log.setMember(set, 'c')
    set.add('c')
    log.call(() => calls.push(`call saw ${set.has('c')}`))
    log.rollback()
    expect(new Map(map)).toEqual(new Map<string, unknown>([['kept', 1], ['changed', 'old'], ['gone', undefined]]))
    expect(map.has('gone')).toBe(true)
    expect(map.has('added')).toBe(false)
    expect(new Set(set)).toEqual(new Set(['a', 'b']))
    // The call ran first (it was the latest step), while `c` was still in the set.
    expect(calls).toEqual(['call saw true'])
  })
})
