import { addDays, dayOf, type Day } from './dates';
import type { DayRange } from './report-range';

// The weekly digest's rules: when it is due, which week it covers, what it says
// and when a failed send is tried again. No store and no network here.

const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

/** When the digest goes out each week, in UTC: `DIGEST_SCHEDULE`, `MON 09:00` by default. */
export interface DigestSchedule {
  /** 0 for Monday to 6 for Sunday. */
  weekday: number;
  hour: number;
  minute: number;
}

export const DEFAULT_DIGEST_SCHEDULE = 'MON 09:00';

export function parseDigestSchedule(text: string | undefined): DigestSchedule {
  const value = (text?.trim() || DEFAULT_DIGEST_SCHEDULE).toUpperCase();
  const match = /^(MON|TUE|WED|THU|FRI|SAT|SUN)\s+([01]?\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new Error(`DIGEST_SCHEDULE must be a weekday and a UTC time such as "MON 09:00" (got "${text}")`);
  return { weekday: WEEKDAYS.indexOf(match[1] as (typeof WEEKDAYS)[number]), hour: Number(match[2]), minute: Number(match[3]) };
}

const WEEKDAY_NAMES = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

/** `Mondays at 09:00 UTC`, as a page says it. */
export const scheduleWords = (s: DigestSchedule) => `${WEEKDAY_NAMES[s.weekday]} at ${String(s.hour).padStart(2, '0')}:${String(s.minute).padStart(2, '0')} UTC`;

export const scheduleText = (s: DigestSchedule) => `${WEEKDAYS[s.weekday]} ${String(s.hour).padStart(2, '0')}:${String(s.minute).padStart(2, '0')}`;

/** The schedule as EventBridge Scheduler writes it: `cron(0 9 ? * MON *)`. */
export const scheduleCron = (s: DigestSchedule) => `cron(${s.minute} ${s.hour} ? * ${WEEKDAYS[s.weekday]} *)`;

export interface DigestWeek extends DayRange {
  /** The scheduled instant this week's digest is due (ISO). */
  dueAt: string;
}

/**
 * The digest due most recently at `now`: the latest scheduled instant not after
 * it, and the seven whole days before that instant's day. Every trigger within
 * the same week (the schedule, a retry, a send by hand) names the same week.
 */
export function digestWeekAt(now: Date, schedule: DigestSchedule): DigestWeek {
  const today = dayOf(now);
  const weekdayToday = (now.getUTCDay() + 6) % 7;
  let sendDay = addDays(today, -((weekdayToday - schedule.weekday + 7) % 7));
  const at = (day: Day) => `${day}T${String(schedule.hour).padStart(2, '0')}:${String(schedule.minute).padStart(2, '0')}:00.000Z`;
  if (Date.parse(at(sendDay)) > now.getTime()) sendDay = addDays(sendDay, -7);
  return { from: addDays(sendDay, -7), to: addDays(sendDay, -1), dueAt: at(sendDay) };
}

/** The same calendar day a year before (29 February's is 28 February). */
export function yearBefore(day: Day): Day {
  const candidate = `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;
  return dayOf(new Date(`${candidate}T00:00:00Z`)) === candidate ? candidate : `${candidate.slice(0, 8)}28`;
}

export const DESTINATIONS = ['slack', 'email'] as const;
export type Destination = (typeof DESTINATIONS)[number];

/** Tries of one week's digest to one destination before it waits for a person. */
export const MAX_ATTEMPTS = 6;

/** How long after a failed try the next one may start: 5 minutes, then 15, 45, 135, 405. */
export function retryDelayMs(attempts: number): number {
  return 5 * 60_000 * 3 ** Math.max(0, attempts - 1);
}

/** A claim this old whose sender never said how it ended is taken to have failed. */
export const CLAIM_LEASE_MS = 10 * 60_000;

/**
 * Whether a person's send would still go to a destination, by its record of the
 * week: none yet, a failed or empty one, or a claim whose sender went quiet
 * (the same cases `claimDigest` lets a send by hand take).
 */
export function stillToSend(record: { status: string; claimedAt: string } | undefined, now: Date): boolean {
  if (!record) return true;
  if (record.status === 'failed' || record.status === 'empty') return true;
  return record.status === 'sending' && Date.parse(record.claimedAt) < now.getTime() - CLAIM_LEASE_MS;
}

// What the digest says.

export const FIGURES = ['newWriteups', 'views', 'engaged', 'readers', 'longTail', 'reviews', 'attendees', 'voluntary', 'participated', 'responses', 'links'] as const;
export type Figure = (typeof FIGURES)[number];

export interface Side {
  now: number;
  before: number;
}

export interface DigestWords {
  writeupId: string;
  writeupTitle: string;
  question: 'surprise' | 'mystery';
  answer: string;
  submittedAt: string;
}

export interface Digest {
  week: DayRange;
  previous: DayRange;
  figures: Record<Figure, Side>;
  linksByKind: Array<{ kind: string } & Side>;
  /** Write-ups published 90+ days before the week and read in it, the oldest first. */
  longTail: Array<{ id: string; title: string; publishedAt: string; views: number }>;
  /** Surprises and mysteries from the four weeks up to the week's end, newest first. */
  words: DigestWords[];
  /** Write-ups published a year before a day of the week, with what was still a mystery in their first year. */
  anniversaries: Array<{ id: string; title: string; publishedAt: string; mysteries: string[] }>;
  /** The dashboard, to read more. */
  dashboardUrl: string;
}

/** Nothing happened in the week and nothing is a year old: a message would say nothing. */
export function isEmptyDigest(digest: Digest): boolean {
  return FIGURES.every((f) => digest.figures[f].now === 0) && digest.words.length === 0 && digest.anniversaries.length === 0;
}

/** At most five words, surprises and mysteries taken in turn, newest first within each. */
export function pickWords(all: DigestWords[], limit = 5): DigestWords[] {
  const newest = [...all].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  const queues = { surprise: newest.filter((w) => w.question === 'surprise'), mystery: newest.filter((w) => w.question === 'mystery') };
  const picked: DigestWords[] = [];
  for (let i = 0; picked.length < limit && (queues.surprise.length || queues.mystery.length); i++) {
    const queue = i % 2 === 0 ? (queues.surprise.length ? queues.surprise : queues.mystery) : queues.mystery.length ? queues.mystery : queues.surprise;
    picked.push(queue.shift()!);
  }
  return picked.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
}

/** The longest a participant's answer runs in a message; the dashboard has the rest. */
export const WORDS_IN_MESSAGE = 600;

export function shorten(text: string, limit = WORDS_IN_MESSAGE): string {
  const clean = text.trim();
  return clean.length <= limit ? clean : `${clean.slice(0, limit - 1).trimEnd()}…`;
}
