import { addDays, dayOf, daysBetween, earlierDay, laterDay, MIN_DAY, type Day } from './dates';
import { buildOrgReport, monthsOf, previousRange, rangeTotals, type OrgReading } from './org-report';
import type { DayReads } from './report';
import type { DayRange } from './report-range';
import { DIGEST_WORDS, participantWords, type Answers, type ParticipantWords } from './survey';
import { plural } from './words';
import { publishedDay, type Writeup } from './writeup';
import type { ReadPlace } from './read-places';

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
export const scheduleWords = (s: DigestSchedule) =>
  `${WEEKDAY_NAMES[s.weekday]} at ${String(s.hour).padStart(2, '0')}:${String(s.minute).padStart(2, '0')} UTC`;

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
 * (From the clock, so well within the days the product knows.)
 */
export function digestWeekAt(now: Date, schedule: DigestSchedule): DigestWeek {
  const today = dayOf(now);
  const weekdayToday = (now.getUTCDay() + 6) % 7;
  let sendDay = addDays(today, -((weekdayToday - schedule.weekday + 7) % 7));
  const at = (day: Day) => dueOn(day, schedule);
  if (Date.parse(at(sendDay)) > now.getTime()) sendDay = addDays(sendDay, -7);
  return { from: addDays(sendDay, -7), to: addDays(sendDay, -1), dueAt: at(sendDay) };
}

/**
 * The week under way at `now`, so far: from the schedule's weekday on or before
 * today, to today. Its digest is due on the same weekday a week after it began
 * (`?week=current` previews it; until then its signals are still coming in).
 */
export function digestWeekSoFar(now: Date, schedule: DigestSchedule): DigestWeek {
  const today = dayOf(now);
  const from = addDays(today, -((((now.getUTCDay() + 6) % 7) - schedule.weekday + 7) % 7));
  return { from, to: today, dueAt: dueOn(addDays(from, 7), schedule) };
}

/** The scheduled instant on a day (ISO). */
const dueOn = (day: Day, schedule: DigestSchedule) => `${day}T${String(schedule.hour).padStart(2, '0')}:${String(schedule.minute).padStart(2, '0')}:00.000Z`;

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

export const FIGURES = [
  'newWriteups',
  'views',
  'engaged',
  'readers',
  'longTail',
  'reviews',
  'attendees',
  'voluntary',
  'participated',
  'responses',
  'links',
] as const;
export type Figure = (typeof FIGURES)[number];

export interface Side {
  now: number;
  before: number;
}

/** A surprise or a mystery, as the digest quotes it (`DIGEST_WORDS`). */
export type DigestWords = ParticipantWords<(typeof DIGEST_WORDS)[number]>;

export interface Digest {
  week: DayRange;
  /** The week before, cut at 2000-01-01; none for the week starting then. */
  previous?: DayRange;
  figures: Record<Figure, Side>;
  linksByKind: Array<{ kind: string } & Side>;
  /** Write-ups published 90+ days before the week and read in it, the oldest first. */
  /** Read 90+ days after publication: its tracked reads in the week, and each place's own views where it lives. */
  longTail: Array<{ id: string; title: string; publishedAt: string; views: number; elsewhere?: Partial<Record<ReadPlace, number>> }>;
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

// Composing: from the organization's one reading, and what it says is still to read, to the digest.

const LONG_TAIL_DAYS = 90;
const WORDS_WEEKS = 4;

/**
 * What one week's digest reads. `days`: the organization's days over the four
 * weeks its words come from, which hold the week and the week before;
 * `months`: the write-ups' months of the two weeks (when each was last read).
 *
 * Every span is cut at 2000-01-01, the first day the product knows: nothing was
 * counted or said before it, so a week in January 2000 reads fewer words and a
 * shorter week before (none for the week starting then), and no write-up is a
 * year old in 2000. Cut rather than refused: such a week is one the contract
 * lets a person ask for.
 */
export interface DigestSpans {
  week: DayRange;
  previous: DayRange | undefined;
  words: DayRange;
  days: DayRange;
  months: DayRange;
}

export function digestSpans(week: DayRange): DigestSpans {
  const previous = previousRange(week);
  const words = { from: laterDay(addDays(week.to, -(WORDS_WEEKS * 7 - 1)), MIN_DAY), to: week.to };
  const both = { from: previous?.from ?? week.from, to: week.to };
  return {
    week: { from: week.from, to: week.to },
    previous,
    words,
    days: { from: earlierDay(words.from, both.from), to: week.to },
    months: monthsOf(both),
  };
}

/** A write-up's days or responses to read, from and to (inclusive). */
export interface ToRead {
  writeupId: string;
  from: Day;
  to: Day;
}

/**
 * What the organization's reading says is still to read, write-up by write-up:
 * the daily reads of those old enough for the long tail and read in the two
 * weeks' months; the responses of every write-up over the words' weeks, only
 * when the days counted a response then; and those of the write-ups a year
 * old, since their publication (one reading for their first year and the words);
 * and the reads the places they live counted, of those old enough that live at one.
 */
export function digestToRead(
  spans: DigestSpans,
  org: OrgReading,
  atAPlace: (writeup: Writeup) => boolean = () => false,
): { reads: ToRead[]; responses: ToRead[]; placeReads: ToRead[] } {
  const { week, words } = spans;
  const since = spans.previous?.from ?? week.from;
  const lastRead = new Map(buildOrgReport(week, 'week', [], org.months, org.writeups).writeups.map((w) => [w.id, w.lastRead ?? '']));
  const reads = org.writeups
    .filter((w) => daysBetween(publishedDay(w), week.to) >= LONG_TAIL_DAYS && (lastRead.get(w.id) ?? '') >= since)
    .map((w) => ({ writeupId: w.id, from: since, to: week.to }));
  const answered = rangeTotals(words, org.days).totals.responses > 0;
  const due = new Map(yearOld(org.writeups, week).map((w) => [w.id, publishedDay(w)]));
  const responses = org.writeups.flatMap((w) => {
    const published = due.get(w.id);
    if (published) return [{ writeupId: w.id, from: published, to: answered ? words.to : addDays(week.from, -1) }];
    return answered ? [{ writeupId: w.id, from: words.from, to: words.to }] : [];
  });
  // Where a write-up lives counts its own reads: those old enough are asked of it too, read tracked or not.
  const placeReads = org.writeups
    .filter((w) => daysBetween(publishedDay(w), week.to) >= LONG_TAIL_DAYS && atAPlace(w))
    .map((w) => ({ writeupId: w.id, from: since, to: week.to }));
  return { reads, responses, placeReads };
}

/** Write-ups published a year before a day of the week, the oldest first (none before 2000-01-01: a week in 2000 has none). */
function yearOld<W extends { publishedAt?: string; createdAt: string }>(writeups: W[], week: DayRange): W[] {
  const [from, to] = [laterDay(yearBefore(week.from), MIN_DAY), yearBefore(week.to)];
  return writeups.filter((w) => publishedDay(w) >= from && publishedDay(w) <= to).sort((a, b) => publishedDay(a).localeCompare(publishedDay(b)));
}

/** What `digestToRead` asked for, as read: daily reads and responses by write-up. */
export interface DigestFollowUp {
  reads: Map<string, DayReads[]>;
  responses: Map<string, Array<{ answers: Answers; submittedAt: string }>>;
  /** What the places write-ups live counted of them, by place. */
  placeReads?: Map<string, Partial<Record<ReadPlace, Array<{ day: Day; views: number }>>>>;
}

const within = (range: DayRange) => (r: { submittedAt: string }) => r.submittedAt.slice(0, 10) >= range.from && r.submittedAt.slice(0, 10) <= range.to;

/** The long tail's write-ups a digest names; past them, it says how many more (a digest stays a message, not a report). */
export const DIGEST_LONG_TAIL_LISTED = 100;

/** The week's digest: the same figures the organization's page shows for those days, beside the week before's. */
export function composeDigestOf(spans: DigestSpans, org: OrgReading, read: DigestFollowUp, dashboardUrl: string): Digest {
  const { week, previous } = spans;
  // No week before the one starting 2000-01-01: its figures are compared with zeros.
  const [now, before] = [rangeTotals(week, org.days), previous ? rangeTotals(previous, org.days) : rangeTotals(week, [])];
  const longTail = longTailOf(spans, org, read.reads, read.placeReads ?? new Map());
  const side = (field: keyof typeof now.totals): Side => ({ now: now.totals[field], before: before.totals[field] });
  const responsesOf = (id: string, range: DayRange) => (read.responses.get(id) ?? []).filter(within(range));
  return {
    week,
    ...(previous ? { previous } : {}),
    figures: {
      newWriteups: side('writeups'),
      views: side('views'),
      engaged: side('engaged'),
      readers: side('readers'),
      longTail: { now: longTail.now.length, before: longTail.before },
      reviews: side('reviews'),
      attendees: side('attendees'),
      voluntary: side('voluntary'),
      participated: side('participated'),
      responses: side('responses'),
      links: side('links'),
    },
    linksByKind: [...new Set([...Object.keys(now.linksByKind), ...Object.keys(before.linksByKind)])]
      .sort()
      .map((kind) => ({ kind, now: now.linksByKind[kind] ?? 0, before: before.linksByKind[kind] ?? 0 })),
    longTail: longTail.now.slice(0, DIGEST_LONG_TAIL_LISTED),
    words: pickWords(org.writeups.flatMap((w) => participantWords(w, responsesOf(w.id, spans.words), DIGEST_WORDS))),
    anniversaries: yearOld(org.writeups, week).map((w) => ({
      id: w.id,
      title: w.title,
      publishedAt: publishedDay(w),
      mysteries: participantWords(w, responsesOf(w.id, { from: publishedDay(w), to: addDays(week.from, -1) }), ['mystery'])
        .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))
        .slice(0, 3)
        .map((words) => words.answer),
    })),
    dashboardUrl: dashboardUrl.replace(/\/+$/, ''),
  };
}

/**
 * Write-ups read in the week on a day 90 or more days after their publication
 * (and how many were in the week before), from the daily reads of those
 * `digestToRead` found old enough and read lately.
 */
function longTailOf(
  spans: DigestSpans,
  org: OrgReading,
  reads: Map<string, DayReads[]>,
  placeReads: Map<string, Partial<Record<ReadPlace, Array<{ day: Day; views: number }>>>>,
) {
  const found = org.writeups
    .filter((w) => reads.has(w.id) || placeReads.has(w.id))
    .map((w) => {
      const published = publishedDay(w);
      const late = (date: Day) => daysBetween(published, date) >= LONG_TAIL_DAYS;
      const days = (reads.get(w.id) ?? []).filter((d) => d.views > 0 && late(d.date));
      const viewsIn = (range: DayRange) => days.filter((d) => d.date >= range.from && d.date <= range.to).reduce((n, d) => n + d.views, 0);
      const places = Object.entries(placeReads.get(w.id) ?? {}) as Array<[ReadPlace, Array<{ day: Day; views: number }>]>;
      const elsewhereIn = (range: DayRange) =>
        Object.fromEntries(
          places
            .map(
              ([place, placeDays]) =>
                [place, placeDays.filter((d) => late(d.day) && d.day >= range.from && d.day <= range.to).reduce((n, d) => n + d.views, 0)] as const,
            )
            .filter(([, views]) => views > 0),
        ) as Partial<Record<ReadPlace, number>>;
      const elsewhere = elsewhereIn(spans.week);
      const before = spans.previous ? viewsIn(spans.previous) > 0 || Object.keys(elsewhereIn(spans.previous)).length > 0 : false;
      return { id: w.id, title: w.title, publishedAt: published, views: viewsIn(spans.week), ...(Object.keys(elsewhere).length ? { elsewhere } : {}), before };
    });
  // Read in the week, by the tracker or where it lives (each place's views its own, never summed with another's).
  const read = (w: (typeof found)[number]) => w.views > 0 || w.elsewhere !== undefined;
  return {
    now: found
      .filter(read)
      .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt))
      .map(({ before: _before, ...w }) => w),
    before: found.filter((w) => w.before).length,
  };
}

// Sending: what a run says about each destination.

/** When the schedule may try again, or never (a refusal that would repeat, or the last of the tries). */
export function nextTryAt(now: Date, attempts: number, retryable: boolean): string | undefined {
  return retryable && attempts < MAX_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(attempts)).toISOString() : undefined;
}

/** Why a destination's record lets no send through now. */
export function whyNotSent(record: { status: string; nextTryAt?: string }): string {
  if (record.status === 'sent') return 'already sent';
  if (record.status === 'empty') return 'empty week';
  if (record.status === 'sending') return 'being sent';
  return record.nextTryAt ? `failed; tried again after ${record.nextTryAt}` : 'failed; send it by hand';
}

/** A failed delivery's record and answer, after `tries` tries in this run. */
export function deliveryFailure(message: string, tries: number, nextTry: string | undefined) {
  return {
    error: `${message} (${plural(tries, 'try', 'tries')})`,
    reason: `${message}${nextTry ? `; tried again after ${nextTry}` : '; not tried again until sent by hand'}`,
  };
}

/** One reason for a run that sent nothing: the destinations' own when they agree, each by name when not. */
export function overallReason(results: Array<{ destination: string; status: string; reason?: string }>): string {
  const reasons = [...new Set(results.map((r) => r.reason ?? r.status))];
  return reasons.length === 1 ? reasons[0]! : results.map((r) => `${r.destination}: ${r.reason ?? r.status}`).join('; ');
}
