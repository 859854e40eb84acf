import { z } from 'zod'

/** Text a `Date` can read (ISO 8601, RFC 2822): providers disagree on the form, never on the need. */
export const DateText = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'expected a date and time')

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
  return typeof value === 'number' ? value : Date.parse(value)
}

/** A non-empty, trimmed string, or `undefined`. */
export function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}
