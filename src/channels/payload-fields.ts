import { z } from 'zod'

/**
 * `Date.parse`, remembering the last text read: a payload's schema checks that its time parses and
 * its adapter then reads the same text again, and `Date` reading RFC 2822 text is slow.
 */
export function parseDateText(text: string): number {
  if (text !== lastDateText) {
    lastDateMillis = Date.parse(text)
    lastDateText = text
  }
  return lastDateMillis
}

let lastDateText: string | undefined
let lastDateMillis = Number.NaN

/** Text a `Date` can read (ISO 8601, RFC 2822): providers disagree on the form, never on the need. */
export const DateText = z.string().refine((text) => !Number.isNaN(parseDateText(text)), 'expected a date and time')

/** Unix seconds, as Meta and WhatsApp send them: a number, or digits in a string. */
export const UnixSeconds = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,12}$/u, 'expected Unix seconds')])

/** A time the caller adds: ISO 8601 text with offset, or epoch milliseconds. */
export const ReceivedAt = z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative().max(8.64e15)])

/** Milliseconds since the epoch of a {@link UnixSeconds} value. */
export function fromUnixSeconds(value: number | string): number {
  return Number(value) * 1000
}

/** Milliseconds since the epoch of a {@link ReceivedAt} or {@link DateText} value. */
export function toMillis(value: number | string): number {
  return typeof value === 'number' ? value : parseDateText(value)
}

/** A non-empty, trimmed string, or `undefined`. */
export function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}
