import { z } from 'zod'
import type { CustomerEventInput, Identifier, Traits } from '../events/index.js'
import { normalizeIdentifierValue } from '../events/index.js'
import { defineAdapter } from './channel-adapter.js'
import { ReceivedAt, toMillis } from './payload-fields.js'

/** What a column holds. `id` is the record's id in the source system; `ignore` drops the column. */
export const CSV_COLUMN_ROLES = [
  'id',
  'email',
  'phone',
  'name',
  'givenName',
  'familyName',
  'birthDate',
  'street',
  'streetNumber',
  'address2',
  'city',
  'postcode',
  'state',
  'country',
  'company',
  'language',
  'nationalId',
  'updatedAt',
  'ignore',
] as const
export type CsvColumnRole = (typeof CSV_COLUMN_ROLES)[number]

/** Common export headers, compared lower-cased with punctuation and spaces removed. */
const HEADER_ROLES: Record<string, CsvColumnRole> = Object.fromEntries(
  (
    [
      ['id', ['id', 'externalid', 'customerid', 'contactid', 'crmid', 'recordid', 'customernumber', 'customerno']],
      ['email', ['email', 'emailaddress', 'mail', 'email1', 'email2', 'primaryemail', 'workemail', 'personalemail']],
      ['phone', ['phone', 'phonenumber', 'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'telephone', 'tel', 'homephone', 'workphone', 'phone1', 'phone2']],
      ['name', ['name', 'fullname', 'displayname', 'contactname', 'customername']],
      ['givenName', ['givenname', 'firstname', 'fname', 'forename', 'first']],
      ['familyName', ['surname', 'lastname', 'lname', 'familyname', 'last']],
      ['birthDate', ['dob', 'dateofbirth', 'birthdate', 'birthday']],
      ['street', ['street', 'address', 'address1', 'addressline1', 'streetaddress', 'streetname', 'addr']],
      ['streetNumber', ['streetnumber', 'housenumber', 'houseno', 'number']],
      ['address2', ['address2', 'addressline2', 'apt', 'suite']],
      ['city', ['city', 'town', 'locality', 'suburb']],
      ['postcode', ['postcode', 'zip', 'zipcode', 'postalcode', 'postal']],
      ['state', ['state', 'province', 'region', 'county']],
      ['country', ['country', 'countrycode']],
      ['company', ['company', 'companyname', 'organization', 'organisation', 'employer', 'account', 'accountname']],
      ['language', ['language', 'locale', 'preferredlanguage']],
      ['nationalId', ['ssn', 'nationalid', 'socialsecuritynumber']],
      ['updatedAt', ['updatedat', 'updated', 'modifiedat', 'modified', 'lastmodified', 'lastmodifieddate', 'lastupdated', 'modifieddate']],
    ] as const
  ).flatMap(([role, headers]) => headers.map((header) => [header, role])),
)

/** The role of each column: the caller's `columns` first, then the common header names. */
export function csvColumnRoles(headers: readonly string[], columns: Readonly<Record<string, CsvColumnRole>> = {}, idColumn?: string): Map<string, CsvColumnRole> {
  const roles = new Map<string, CsvColumnRole>()
  for (const header of headers) {
    const role = header === idColumn ? 'id' : (columns[header] ?? HEADER_ROLES[header.toLowerCase().replace(/[^a-z0-9]/gu, '')])
    // With an explicit id column, look-alike columns (`id`, `customer_id`) are other systems' ids.
    if (role && !(role === 'id' && idColumn !== undefined && header !== idColumn)) roles.set(header, role)
  }
  return roles
}

const SCOPED = /^[\w.\-:@]+$/u

/**
 * `csv.record` payload: one row of a CRM or contact export, already split into cells (for
 * example by `csv-parse` with `columns: true`): `system` names the exporting system (`hubspot`,
 * `shop`), `row` maps header to cell text, `idColumn` names the record-id column (else a
 * column named `id`, `customer_id`, `external_id`, ... is used), `columns` overrides inferred
 * roles, and `exportedAt` times rows that have no `updated_at`-like column.
 */
export const CsvRecordSchema = z
  .looseObject({
    system: z.string().regex(/^[\w.-]{1,64}$/u, 'expected a system name (letters, digits, . _ -)'),
    row: z.record(z.string().max(256), z.string().max(4096)),
    idColumn: z.string().min(1).optional(),
    columns: z.record(z.string(), z.enum(CSV_COLUMN_ROLES)).optional(),
    exportedAt: ReceivedAt.optional(),
  })
  .superRefine((record, ctx) => {
    const roles = csvColumnRoles(Object.keys(record.row), record.columns ?? {}, record.idColumn)
    const idHeader = [...roles].find(([, role]) => role === 'id')?.[0]
    if (record.idColumn !== undefined && record.row[record.idColumn] === undefined) {
      ctx.addIssue({ code: 'custom', path: ['row', record.idColumn], message: 'the id column is missing from the row' })
    } else if (idHeader === undefined) {
      ctx.addIssue({ code: 'custom', path: ['idColumn'], message: 'no id column: name it with idColumn' })
    } else if (!SCOPED.test(record.row[idHeader]?.trim() ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['row', idHeader], message: 'expected a record id (letters, digits, . _ - : @)' })
    }
    if (rowTime(record.row, roles) === undefined && record.exportedAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['exportedAt'], message: 'the row has no update time: give exportedAt' })
    }
  })
export type CsvRecord = z.output<typeof CsvRecordSchema>

function rowTime(row: Readonly<Record<string, string>>, roles: ReadonlyMap<string, CsvColumnRole>): number | undefined {
  for (const [header, role] of roles) {
    const time = role === 'updatedAt' ? Date.parse(row[header] ?? '') : Number.NaN
    if (!Number.isNaN(time)) return time
  }
  return undefined
}

/** `1984-03-07`, `19840307` or an ISO time to `YYYY-MM-DD`; other forms are ambiguous (03/07 is March or July). */
function isoDate(raw: string): string | undefined {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$/u.exec(raw)
  if (!match) return undefined
  const [, y, m, d] = match
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`)
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${m}-${d}` ? undefined : `${y}-${m}-${d}`
}

/**
 * `csv.record`: one `record` event on channel `crm` per row, from `crm:<system>`. Every
 * identifier in the row is kept with grade `record`: the record id as `crm:<system>:<id>`,
 * each email and phone column. Names, birth date (ISO forms only) and address become traits;
 * a cell that cannot be read (a malformed email, a `03/07/1984` birth date) is kept in
 * `data.unreadable` rather than rejecting the row. Columns without a role are kept in
 * `data.columns`. `revision` is the row's update time in seconds, so a newer export of the same
 * record replaces an older one.
 */
export const csvRecord = defineAdapter({
  format: 'csv.record',
  schema: CsvRecordSchema,
  toEvents(record, context) {
    const roles = csvColumnRoles(Object.keys(record.row), record.columns ?? {}, record.idColumn)
    const identifiers: Identifier[] = []
    const traits: Traits = {}
    const unreadable: Record<string, string> = {}
    const other: Record<string, string> = {}
    let recordId = ''
    for (const [header, raw] of Object.entries(record.row)) {
      const cell = raw.trim()
      const role = roles.get(header)
      if (!cell || role === 'ignore' || role === 'updatedAt') continue
      switch (role) {
        case 'id':
          recordId = cell
          break
        case 'email':
        case 'phone': {
          const value = normalizeIdentifierValue(role, cell, context.normalize)
          if (value) identifiers.push({ kind: role, value, grade: 'record' })
          else unreadable[header] = cell
          break
        }
        case 'birthDate': {
          const date = isoDate(cell)
          if (date) traits.birthDate ??= date
          else unreadable[header] = cell
          break
        }
        case undefined:
          other[header] = cell
          break
        default:
          traits[role] ??= cell
      }
    }
    identifiers.unshift({ kind: 'crm', value: `${record.system}:${recordId}`, grade: 'record' })
    const time = rowTime(record.row, roles) ?? toMillis(record.exportedAt ?? 0)
    const event: CustomerEventInput = {
      type: 'record',
      occurredAt: time,
      channel: 'crm',
      direction: 'internal',
      actor: { role: 'system', id: `crm:${record.system}` },
      identifiers,
      traits,
      source: { system: `crm:${record.system}`, id: recordId, format: 'csv.record' },
      revision: Math.max(0, Math.floor(time / 1000)),
      ...(Object.keys(unreadable).length + Object.keys(other).length > 0
        ? { data: { ...(Object.keys(unreadable).length > 0 ? { unreadable } : {}), ...(Object.keys(other).length > 0 ? { columns: other } : {}) } }
        : {}),
    }
    return { events: [event] }
  },
})
