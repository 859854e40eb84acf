import { addDays, addHours, addMinutes, addWeeks } from 'date-fns'
import {
  addBusinessDays,
  type BusinessCalendar,
  endOfBusinessDay,
  localDate,
  localDayStart,
  localNoon,
  localWeekday,
} from './business-calendar.js'

/** How a promise is seen to be kept: a later outbound email, a later outbound call, any reply, or only by `markKept`. */
export type Fulfilment = 'email' | 'call' | 'reply' | 'manual'

/** A promise found in an agent's words, with its due time resolved. */
export interface ExtractedCommitment {
  /** The sentence that made the promise, trimmed to 160 characters. */
  readonly what: string
  readonly dueBy: string
  /** True when the sentence named no time and the default (end of the next business day) applies. */
  readonly dueInferred: boolean
  readonly fulfil: Fulfilment
}

export interface ExtractOptions {
  /** How `12/03` reads: month/day (`mdy`, default) or day/month (`dmy`). */
  readonly dateOrder?: 'mdy' | 'dmy'
  /** Text past this many characters is not searched. Default 20,000. */
  readonly maxTextLength?: number
}

// Linear patterns only: literal anchors, no nested repetition (see reference-patterns.ts).
const PROMISE = /\b(?:we(?:'ll| will| shall| are going to)|i(?:'ll| will| am going to|'m going to)|you(?:'ll| will| should) (?:receive|get|hear|see)|(?:someone|they|he|she|it|manager|team|colleague|supervisor|refund|replacement) (?:will|should)|expect)\b(?! not\b)/iu
const NEGATED = /\b(?:won't|will not|cannot|can't)\b/iu
const NUMBER = String.raw`(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)`
const WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12 }
const count = (word: string) => WORDS[word.toLowerCase()] ?? Number(word)

const BUSINESS_RANGE = /\b(\d{1,2})\s?(?:-|–|to)\s?(\d{1,2}) (?:business|working) days?\b/iu
const BUSINESS_DAYS = new RegExp(String.raw`\b(?:within|in|next) ${NUMBER} (?:business|working) days?\b`, 'iu')
const RANGE = /\b(\d{1,3})\s?(?:-|–|to)\s?(\d{1,3}) (hours?|days?|weeks?)\b/iu
const WITHIN = new RegExp(String.raw`\b(?:within|in|under|less than) (?:the next )?${NUMBER} (minutes?|hours?|days?|weeks?)\b`, 'iu')
const WITHIN_HOUR = /\bwithin the hour\b/iu
const END_OF_DAY = /\b(?:end of (?:the )?(?:business )?day|eod|close of business|cob|today|tonight|this afternoon)\b/iu
const TOMORROW = /\btomorrow\b/iu
const WEEKDAY = /\b(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/iu
const SLASH_DATE = /\b(?:by|on|before|until) (\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/iu
const NEXT_WEEK = /\bnext week\b/iu
const WEEKDAY_INDEX = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

const EMAIL = /\be-?mail/iu
const CALL = /\b(?:call|ring|phone)(?:s|ed|ing)?\b/iu
const REPLY = /\b(?:update|get back|reply|respond|follow up|follow-up|let you know|hear back|hear from|message|text|dm|contact you|reach out|touch base)\b/iu

/**
 * Promises in an agent's message, each with a due time resolved against the message time and
 * the business calendar: "within 24 hours" (clock hours), "in 3-5 business days" (the upper
 * bound, end of that business day), "by end of day", "tomorrow", "by Friday" (the next Friday
 * after the message day), "by 12/03" (next such date), "next week" (end of next week's last
 * business day). A promise with no time gets the end of the next business day, marked
 * `dueInferred`. "won't"/"cannot" sentences are not promises.
 * @example extractCommitments('We will email you an update by Friday.', new Date('2026-11-17T10:00:00Z'), cal)
 * // [{ what: 'We will email you an update by Friday.', dueBy: '2026-11-20T17:00:00.000Z', dueInferred: false, fulfil: 'email' }]
 */
export function extractCommitments(text: string, at: Date, calendar: BusinessCalendar, options: ExtractOptions = {}): ExtractedCommitment[] {
  // Pure in (text, time, calendar, options), and briefs re-read the same messages often.
  let cache = memo.get(calendar)
  if (!cache) memo.set(calendar, (cache = new Map()))
  const key = `${at.getTime()}|${options.dateOrder ?? 'mdy'}|${options.maxTextLength ?? 20_000}|${text}`
  const known = cache.get(key)
  if (known) return known
  const result = extract(text, at, calendar, options)
  if (cache.size >= 20_000) cache.clear()
  cache.set(key, result)
  return result
}

const memo = new WeakMap<BusinessCalendar, Map<string, ExtractedCommitment[]>>()

function extract(text: string, at: Date, calendar: BusinessCalendar, options: ExtractOptions): ExtractedCommitment[] {
  const bounded = text.slice(0, options.maxTextLength ?? 20_000)
  const found: ExtractedCommitment[] = []
  for (const raw of bounded.split(/(?<=[.!?;])\s+|\n+/u)) {
    const sentence = raw.trim()
    if (sentence.length < 6 || !PROMISE.test(sentence) || NEGATED.test(sentence)) continue
    const due = resolveDue(sentence, at, calendar, options.dateOrder ?? 'mdy')
    const fulfil: Fulfilment = EMAIL.test(sentence) ? 'email' : CALL.test(sentence) ? 'call' : REPLY.test(sentence) ? 'reply' : 'manual'
    // Without a time or a way to follow up, "I will check" is a courtesy, not a promise to track.
    if (!due && fulfil === 'manual' && !/\b(?:refund|replace|send|ship|credit|escalate|fix|process)/iu.test(sentence)) continue
    found.push({
      what: sentence.length > 160 ? `${sentence.slice(0, 157)}...` : sentence,
      dueBy: (due ?? endOfBusinessDay(calendar, addBusinessDays(calendar, at, 1))).toISOString(),
      dueInferred: due === undefined,
      fulfil,
    })
  }
  return found
}

function resolveDue(sentence: string, at: Date, calendar: BusinessCalendar, dateOrder: 'mdy' | 'dmy'): Date | undefined {
  let m = BUSINESS_RANGE.exec(sentence)
  if (m) return endOfBusinessDay(calendar, addBusinessDays(calendar, at, Math.max(Number(m[1]), Number(m[2]))))
  m = BUSINESS_DAYS.exec(sentence)
  if (m) return endOfBusinessDay(calendar, addBusinessDays(calendar, at, count(m[1] as string)))
  m = RANGE.exec(sentence)
  if (m) return addSpan(at, Math.max(Number(m[1]), Number(m[2])), m[3] as string)
  m = WITHIN.exec(sentence)
  if (m) return addSpan(at, count(m[1] as string), m[2] as string)
  if (WITHIN_HOUR.test(sentence)) return addHours(at, 1)
  if (TOMORROW.test(sentence)) return endOfBusinessDay(calendar, localDayStart(calendar, at, 1))
  m = SLASH_DATE.exec(sentence)
  if (m) return slashDate(m, at, calendar, dateOrder)
  m = WEEKDAY.exec(sentence)
  if (m) {
    const wanted = WEEKDAY_INDEX.indexOf((m[1] as string).toLowerCase())
    // "by Friday" said on a Friday means next Friday: the named day is always after today.
    const ahead = ((wanted - localWeekday(calendar, at) + 6) % 7) + 1
    return endOfBusinessDay(calendar, localDayStart(calendar, at, ahead))
  }
  if (NEXT_WEEK.test(sentence)) {
    const toNextMonday = ((1 - localWeekday(calendar, at) + 6) % 7) + 1
    let day = localDayStart(calendar, at, toNextMonday + 4)
    for (let i = 0; i < 7 && !calendar.hours[localWeekday(calendar, day)]; i++) day = localDayStart(calendar, day, -1)
    return endOfBusinessDay(calendar, day)
  }
  if (END_OF_DAY.test(sentence)) return endOfBusinessDay(calendar, at)
  return undefined
}

function addSpan(at: Date, amount: number, unit: string): Date {
  const u = unit.toLowerCase()
  if (u.startsWith('minute')) return addMinutes(at, amount)
  if (u.startsWith('hour')) return addHours(at, amount)
  if (u.startsWith('week')) return addWeeks(at, amount)
  return addDays(at, amount)
}

function slashDate(m: RegExpExecArray, at: Date, calendar: BusinessCalendar, dateOrder: 'mdy' | 'dmy'): Date | undefined {
  const [a, b] = [Number(m[1]), Number(m[2])]
  const [month, day] = dateOrder === 'mdy' ? [a, b] : [b, a]
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined
  const today = localDate(calendar, at)
  let year = m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : Number(today.slice(0, 4))
  const iso = (y: number) => `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  // Without a year, the date is the next one on or after the message day.
  if (!m[3] && iso(year) < today) year++
  if (Number.isNaN(Date.parse(`${iso(year)}T12:00:00Z`))) return undefined
  return endOfBusinessDay(calendar, localNoon(calendar, iso(year)))
}
