import { parse } from 'csv-parse/sync'
import { ThroughlineError } from '../errors.js'
import { PERSON_FIELDS, type PersonRecord } from '../identity/matching/index.js'

/** What a CSV column holds: a record attribute, or nothing the matcher uses. */
export const COLUMN_ROLES = ['name', ...PERSON_FIELDS, 'ignore'] as const
export type ColumnRole = (typeof COLUMN_ROLES)[number]

// Common header spellings (after lower-casing and turning separators into `_`).
const HEADER_ROLES: Readonly<Record<string, ColumnRole>> = {
  given_name: 'givenName', first_name: 'givenName', firstname: 'givenName', forename: 'givenName', givenname: 'givenName',
  surname: 'familyName', last_name: 'familyName', lastname: 'familyName', family_name: 'familyName', familyname: 'familyName',
  name: 'name', full_name: 'name', fullname: 'name', site_name: 'name', customer_name: 'name',
  dob: 'birthDate', date_of_birth: 'birthDate', birth_date: 'birthDate', birthdate: 'birthDate',
  street_number: 'streetNumber', house_number: 'streetNumber', streetnumber: 'streetNumber',
  address_1: 'street', address1: 'street', address: 'street', street: 'street', street_address: 'street',
  address_2: 'address2', address2: 'address2',
  suburb: 'city', city: 'city', town: 'city', locality: 'city',
  postcode: 'postcode', zip: 'postcode', zipcode: 'postcode', zip_code: 'postcode', postal_code: 'postcode',
  state: 'state', region: 'state', province: 'state',
  email: 'email', email_address: 'email', e_mail: 'email',
  phone: 'phone', phone_number: 'phone', telephone: 'phone', mobile: 'phone',
  soc_sec_id: 'nationalId', ssn: 'nationalId', national_id: 'nationalId', nationalid: 'nationalId',
}

const headerKey = (header: string): string => header.trim().toLowerCase().replace(/[^a-z0-9]+/gu, '_').replace(/^_|_$/gu, '')

/**
 * Reads a role name as the user typed it: a role itself (`givenName`) or a known header
 * spelling (`first_name`).
 * @returns the role, or `undefined` when the name means nothing
 * @example parseColumnRole('first_name') // 'givenName'
 */
export function parseColumnRole(text: string): ColumnRole | undefined {
  const exact = COLUMN_ROLES.find((role) => role.toLowerCase() === text.trim().toLowerCase())
  return exact ?? HEADER_ROLES[headerKey(text)]
}

/**
 * Assigns a role to each column: overrides first, then known header spellings; the id column
 * and unknown headers get none. Two columns may not claim one role.
 * @throws ThroughlineError `invalid_options` when an override names a missing column or two columns share a role
 * @example inferColumnRoles(['rec_id', 'given_name'], 'rec_id') // Map { 'given_name' => 'givenName' }
 */
export function inferColumnRoles(
  headers: readonly string[],
  idColumn: string,
  overrides: ReadonlyMap<string, ColumnRole> = new Map(),
): Map<string, ColumnRole> {
  for (const column of overrides.keys()) {
    if (!headers.includes(column)) throw new ThroughlineError('invalid_options', 'cli', `--column names "${column}", which is not a column of the input`)
  }
  const roles = new Map<string, ColumnRole>()
  const claimed = new Map<ColumnRole, string>()
  for (const header of headers) {
    if (header === idColumn) continue
    const role = overrides.get(header) ?? HEADER_ROLES[headerKey(header)]
    if (role === undefined || role === 'ignore') continue
    const other = claimed.get(role)
    if (other !== undefined) {
      throw new ThroughlineError('invalid_options', 'cli', `columns "${other}" and "${header}" are both read as ${role}; set one with --column "${header}=ignore"`)
    }
    claimed.set(role, header)
    roles.set(header, role)
  }
  return roles
}

/** Parsed rows and the person records built from them. */
export interface PersonCsv {
  readonly headers: readonly string[]
  readonly rows: readonly Readonly<Record<string, string>>[]
  readonly records: readonly PersonRecord[]
  readonly roles: ReadonlyMap<string, ColumnRole>
}

export interface ReadPersonCsvOptions {
  readonly idColumn: string
  readonly overrides?: ReadonlyMap<string, ColumnRole>
}

/**
 * Parses CSV text into person records. Cells are trimmed, which also handles the `, `
 * separators of Febrl files; a UTF-8 byte-order mark is dropped; quoted cells may span lines.
 * @throws ThroughlineError `invalid_options` when the id column is absent, an id is empty or repeated, or the CSV is malformed
 * @example readPersonCsv(text, { idColumn: 'rec_id' }).records[0]
 */
export function readPersonCsv(text: string, options: ReadPersonCsvOptions): PersonCsv {
  let rows: Record<string, string>[]
  try {
    rows = parse(text, { columns: (header: string[]) => header.map((h) => h.trim()), trim: true, bom: true, skip_empty_lines: true })
  } catch (error) {
    throw new ThroughlineError('invalid_options', 'cli', `input is not valid CSV: ${(error as Error).message}`, { cause: error })
  }
  const headers = rows.length > 0 ? Object.keys(rows[0] as Record<string, string>) : []
  if (rows.length > 0 && !headers.includes(options.idColumn)) {
    throw new ThroughlineError('invalid_options', 'cli', `id column "${options.idColumn}" is not in the header (${headers.join(', ')})`)
  }
  const roles = inferColumnRoles(headers, options.idColumn, options.overrides)
  const seen = new Set<string>()
  const records = rows.map((row, index) => {
    const id = row[options.idColumn] ?? ''
    if (id === '') throw new ThroughlineError('invalid_options', 'cli', `row ${index + 2} has an empty ${options.idColumn}`)
    if (seen.has(id)) throw new ThroughlineError('invalid_options', 'cli', `row ${index + 2} repeats id "${id}"`)
    seen.add(id)
    const record: Record<string, string> = { id }
    for (const [column, role] of roles) {
      const value = row[column]
      if (value !== undefined && value !== '') record[role] = value
    }
    return record as PersonRecord
  })
  return { headers, rows, records, roles }
}
