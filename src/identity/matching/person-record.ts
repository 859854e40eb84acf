import { z } from 'zod'

const optionalText = z.string().max(512).optional()

/**
 * Parses a birth date written as `YYYYMMDD`, `YYYY-MM-DD` (or with `/`/`.`), or `DD/MM/YYYY`
 * (day first, the reading used outside North America), into canonical `YYYY-MM-DD`.
 * Impossible months (13+) and days (32+) are rejected; a date like 31 February is kept as
 * written, because keying errors in real data still carry evidence.
 * @returns the canonical date, or `undefined` when the text is not a date
 * @example parseBirthDate('19810523') // '1981-05-23'
 * @example parseBirthDate('23/05/1981') // '1981-05-23'
 */
export function parseBirthDate(raw: string): string | undefined {
  const text = raw.trim()
  let y: string | undefined
  let m: string | undefined
  let d: string | undefined
  let match = /^(\d{4})(\d{2})(\d{2})$/u.exec(text)
  if (match) [, y, m, d] = match
  match ??= /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/u.exec(text)
  if (match && y === undefined) [, y, m, d] = match
  if (y === undefined) {
    match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/u.exec(text)
    if (match) [, d, m, y] = match
  }
  if (y === undefined || m === undefined || d === undefined) return undefined
  const month = Number(m)
  const day = Number(d)
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/**
 * One record to match: a person (or, for site lists, an organisation) with whatever
 * attributes are known. Only `id` is required; every other field is optional and blank means
 * unknown. `name` is a full name, split into given and family names when those are absent.
 * `birthDate` accepts `YYYYMMDD`, `YYYY-MM-DD` or `DD/MM/YYYY`; `normalizeRecord` keeps it as
 * `YYYY-MM-DD` and treats an unreadable date as unknown rather than rejecting the record.
 * @example PersonRecordSchema.parse({ id: 'r1', name: 'Ann Lee', birthDate: '19810523' })
 */
export const PersonRecordSchema = z.object({
  id: z.string().min(1).max(256),
  givenName: optionalText,
  familyName: optionalText,
  name: optionalText,
  birthDate: optionalText,
  streetNumber: optionalText,
  street: optionalText,
  address2: optionalText,
  city: optionalText,
  postcode: optionalText,
  state: optionalText,
  email: optionalText,
  phone: optionalText,
  nationalId: optionalText,
})
export type PersonRecord = z.output<typeof PersonRecordSchema>

/** The record attributes, in the order the matcher compares them. */
export const PERSON_FIELDS = [
  'givenName',
  'familyName',
  'birthDate',
  'streetNumber',
  'street',
  'address2',
  'city',
  'postcode',
  'state',
  'email',
  'phone',
  'nationalId',
] as const
export type PersonField = (typeof PERSON_FIELDS)[number]
