import { describe, expect, it } from 'vitest'
import { adapt, csvColumnRoles } from '../../src/channels/index.js'
import { context, fixture, rejection } from './helpers.js'

describe('csv.record', () => {
  it('keeps every identifier in the row with grade record, the row id as crm:<system>:<id>', () => {
    const [record] = adapt('csv.record', fixture('csv-record.json'), context)
    expect(record?.identifiers).toEqual([
      { kind: 'crm', value: 'shop:C-10442', grade: 'record' },
      { kind: 'email', value: 'ann.lee@example.net', grade: 'record' },
      { kind: 'phone', value: '+14155552671', grade: 'record' },
    ])
    expect(record).toMatchObject({ type: 'record', channel: 'crm', direction: 'internal', occurredAt: '2024-04-30T12:00:00.000Z' })
  })

  it('infers traits from common headers and keeps unknown columns apart', () => {
    const [record] = adapt('csv.record', fixture('csv-record.json'), context)
    expect(record?.traits).toEqual({ givenName: 'Ann', familyName: 'Lee', birthDate: '1984-03-07', street: '500 Howard St', city: 'San Francisco', postcode: '94105', country: 'US' })
    expect(record?.data).toEqual({ columns: { 'Loyalty Tier': 'gold' } })
    expect([...csvColumnRoles(['given_name', 'Surname', 'E-mail Address', 'zip code'])]).toEqual([
      ['given_name', 'givenName'],
      ['Surname', 'familyName'],
      ['E-mail Address', 'email'],
      ['zip code', 'postcode'],
    ])
  })

  it('keeps unreadable cells in data rather than rejecting the row', () => {
    const payload = fixture<any>('csv-record.json')
    payload.row.Email = 'ann at example'
    payload.row.DOB = '03/07/1984'
    const [record] = adapt('csv.record', payload, context)
    expect(record?.data?.unreadable).toEqual({ Email: 'ann at example', DOB: '03/07/1984' })
    expect(record?.identifiers.map((i) => i.kind)).toEqual(['crm', 'phone'])
  })

  it('lets a newer export of the same record replace an older one', () => {
    const older = adapt('csv.record', fixture('csv-record.json'), context)[0]
    const payload = fixture<any>('csv-record.json')
    payload.row['Last Modified'] = '2024-05-30T12:00:00Z'
    const newer = adapt('csv.record', payload, context)[0]
    expect(newer?.id).toBe(older?.id)
    expect(newer?.revision).toBeGreaterThan(older?.revision ?? 0)
  })

  it('honours an explicit id column and column roles', () => {
    const payload = { system: 'hubspot', idColumn: 'hs_object_id', columns: { Handy: 'phone' }, exportedAt: '2024-06-01T00:00:00Z', row: { hs_object_id: '501', id: 'legacy-9', Handy: '+49 30 901820' } }
    const [record] = adapt('csv.record', payload, context)
    expect(record?.identifiers.map((i) => `${i.kind}:${i.value}`)).toEqual(['crm:hubspot:501', 'phone:+4930901820'])
  })

  it('asks for exportedAt when the row has no update time, and for idColumn when no id column is found', async () => {
    expect((await rejection('csv.record', { system: 'shop', row: { id: '1' } })).path).toEqual(['payload', 'exportedAt'])
    expect((await rejection('csv.record', { system: 'shop', row: { Email: 'a@b.example' }, exportedAt: 0 })).path).toEqual(['payload', 'idColumn'])
  })
})
