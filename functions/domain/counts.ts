import { summarizeAttendance, type Attendee } from './attendance';
import type { Day } from './dates';
import { LINK_KINDS, type LinkKind } from './links';
import { IMAGE_PROXIES } from './proxies';
import type { Answers } from './survey';
import { publishedDay } from './writeup';

/**
 * What each stored fact adds to the rollups, as a pure function of the fact
 * before and after a change (a stream record's old and new images). The
 * consumer merges a batch's increments per rollup and stores them with its
 * checkpoint, so every fact counts exactly once.
 */
export type Counts = Record<string, number>;

export type Increment =
  /** A write-up's reads on a day. */
  | { rollup: 'dailyReads'; writeupId: string; day: Day; counts: Counts }
  /** The organization's totals on a day (`views`, `links:commit`, `learned:yes`, …). */
  | { rollup: 'orgDay'; day: Day; counts: Counts }
  /** A write-up's month for the organization's list; `lastRead` as a number, kept at its latest. */
  | { rollup: 'orgMonth'; month: string; writeupId: string; counts: Counts; lastRead?: number }
  /**
   * Reads referred by another site, counted on its link (made on first sight),
   * or on the overflow place when the day's new places are used up.
   */
  | { rollup: 'linkViews'; writeupId: string; url: string; day: Day; counts: Counts; at: string; overflow?: boolean };

export interface ReaderDayImage {
  writeupId: string;
  day: Day;
  visits?: Set<string>;
  engaged?: Set<string>;
  scroll?: number;
  /** Visits that came from another site, counted; `ref` the latest such site, `seenAt` when. */
  refs?: number;
  ref?: string;
  seenAt?: string;
}

export type FactChange =
  | { fact: 'readerDay'; before?: ReaderDayImage; after?: ReaderDayImage; at: string }
  | { fact: 'link'; before?: { writeupId: string; kind: string; firstSeen: string }; after?: { writeupId: string; kind: string; firstSeen: string } }
  | { fact: 'writeup'; before?: { publishedAt?: string; createdAt: string }; after?: { publishedAt?: string; createdAt: string } }
  | { fact: 'review'; before?: ReviewImage; after?: ReviewImage }
  | { fact: 'attendee'; before?: CountedAttendee; after?: CountedAttendee }
  | { fact: 'response'; before?: ResponseImage; after?: ResponseImage }
  | { fact: 'proxied'; before?: ProxiedImage; after?: ProxiedImage };

/** A review counts on the day it starts, unless it was cancelled. */
export interface ReviewImage {
  startsAt: string;
  cancelledAt?: string;
}

/** An attendance record and the day it counts on: its review's; none once the review is cancelled. */
export interface CountedAttendee {
  attendee: Attendee;
  day?: Day;
}

/** A survey response counts on the day it came, unless its review was cancelled. */
export interface ResponseImage {
  submittedAt: string;
  answers: Answers;
  uncounted?: boolean;
}

/** A write-up's day of pixel fetches by one image proxy. */
export interface ProxiedImage {
  writeupId: string;
  day: Day;
  proxy: string;
  fetches: number;
}

/** The answers to "learned something new" that the organization counts. */
export const LEARNED_OPTIONS = ['yes', 'somewhat', 'no'] as const;

/**
 * A family of counters, one per kind of something: `links:commit`,
 * `proxied:github`, `learned:yes`. Every such name is made (and read back) here.
 */
function counterFamily<F extends string>(family: F) {
  const prefix = `${family}:` as const;
  return {
    /** The counter of one kind. */
    of: <K extends string>(kind: K) => `${prefix}${kind}` as const,
    /** The kind a counter of this family counts; undefined for any other counter. */
    kindOf: (counter: string) => (counter.startsWith(prefix) ? counter.slice(prefix.length) : undefined),
  };
}

/** The counters by kind, by family. */
export const counterNames = {
  /** Links found, by the kind of place (`LINK_KINDS`). */
  links: counterFamily('links'),
  /** Pixels fetched by an image proxy, by proxy (`IMAGE_PROXIES`). */
  proxied: counterFamily('proxied'),
  /** Survey responses, by their "learned" answer (`LEARNED_OPTIONS`). */
  learned: counterFamily('learned'),
};

/**
 * Every counter a rollup item holds, made from the domain's lists: the item
 * types are built from these, so a kind added to a list is counted with no
 * other change (and a counter named nowhere here is refused when written).
 */
export const ROLLUP_COUNTERS = {
  /** A write-up's day; proxied fetches apart from views, in all and by proxy. */
  dailyReads: ['views', 'engaged', 'readers', 'engagedScroll', 'proxied', ...IMAGE_PROXIES.map(({ id }) => counterNames.proxied.of(id))],
  /** The organization's day, and a write-up's month (which uses a few of them). */
  orgPeriod: [
    'writeups',
    'views',
    'engaged',
    'readers',
    'links',
    ...LINK_KINDS.map((kind) => counterNames.links.of(kind)),
    'reviews',
    'attendees',
    'voluntary',
    'participated',
    'responses',
    ...LEARNED_OPTIONS.map((option) => counterNames.learned.of(option)),
    'proxied',
  ],
} as const;

const dayNumber = (day: Day) => Number(day.replaceAll('-', ''));
const size = (set?: Set<string>) => set?.size ?? 0;
const dayOfIso = (iso: string) => iso.slice(0, 10);

/**
 * What one change to one fact adds up to. A fact removed takes back what it
 * added, except a reader's or a proxy's day, which expire: their reads stay
 * counted in the rollups (a deleted write-up's reads are taken back with its
 * rollups, see `services/writeup-removal.ts`).
 */
export function incrementsOf(change: FactChange): Increment[] {
  switch (change.fact) {
    case 'readerDay':
      return change.after ? readIncrements(change.before, change.after, change.at) : [];
    case 'link': {
      if (change.before && change.after) {
        // A place's kind corrected: its count moves to the new kind on the day it was first seen.
        const { kind: was, firstSeen } = change.before;
        const { kind } = change.after;
        return kind === was
          ? []
          : [{ rollup: 'orgDay', day: dayOfIso(firstSeen), counts: { [counterNames.links.of(was)]: -1, [counterNames.links.of(kind)]: 1 } }];
      }
      const link = change.after ?? change.before;
      if (!link) return [];
      // A new place adds one; a place removed takes its one back, where it was counted.
      const n = change.after ? 1 : -1;
      const day = dayOfIso(link.firstSeen);
      return [
        { rollup: 'orgDay', day, counts: { links: n, [counterNames.links.of(link.kind)]: n } },
        { rollup: 'orgMonth', month: day.slice(0, 7), writeupId: link.writeupId, counts: { links: n } },
      ];
    }
    case 'writeup':
      return moved(change.before && publishedDay(change.before), change.after && publishedDay(change.after), 'writeups');
    case 'review':
      return moved(reviewDay(change.before), reviewDay(change.after), 'reviews');
    case 'attendee': {
      // The record's day before and after: a review moved to another day moves its attendance with it.
      const byDay = new Map<Day, Counts>();
      for (const [side, sign] of [
        [change.before, -1],
        [change.after, 1],
      ] as const) {
        if (!side?.day) continue;
        const summary = summarizeAttendance([side.attendee]);
        const counts = byDay.get(side.day) ?? {};
        byDay.set(side.day, counts);
        for (const counter of ['attendees', 'voluntary', 'participated'] as const) counts[counter] = (counts[counter] ?? 0) + sign * summary[counter];
      }
      return [...byDay]
        .map(([day, counts]) => ({ day, counts: Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0)) }))
        .filter(({ counts }) => Object.keys(counts).length > 0)
        .map(({ day, counts }) => ({ rollup: 'orgDay' as const, day, counts }));
    }
    case 'proxied': {
      const fetches = (change.after?.fetches ?? 0) - (change.before?.fetches ?? 0);
      if (!change.after || fetches <= 0) return [];
      const { writeupId, day, proxy } = change.after;
      return [
        { rollup: 'dailyReads', writeupId, day, counts: { proxied: fetches, [counterNames.proxied.of(proxy)]: fetches } },
        { rollup: 'orgDay', day, counts: { proxied: fetches } },
      ];
    }
    case 'response': {
      // Answers never change: a response counts when it comes, and is taken back when removed or its review is cancelled.
      const was = isCounted(change.before);
      const now = isCounted(change.after);
      if (was === now) return [];
      const response = (now ? change.after : change.before)!;
      const n = now ? 1 : -1;
      const learned = response.answers.learned;
      const named = typeof learned === 'string' && (LEARNED_OPTIONS as readonly string[]).includes(learned);
      return [{ rollup: 'orgDay', day: dayOfIso(response.submittedAt), counts: { responses: n, ...(named ? { [counterNames.learned.of(learned)]: n } : {}) } }];
    }
  }
}

/** The day a review counts on: none once cancelled. */
const reviewDay = (review: ReviewImage | undefined) => (review && !review.cancelledAt ? dayOfIso(review.startsAt) : undefined);
const isCounted = (response: ResponseImage | undefined) => Boolean(response && !response.uncounted);

/** A count that sits on a day: added on its day, moved when the day changes. */
function moved(before: Day | undefined, after: Day | undefined, counter: string): Increment[] {
  if (before === after) return [];
  return [
    ...(before ? [{ rollup: 'orgDay' as const, day: before, counts: { [counter]: -1 } }] : []),
    ...(after ? [{ rollup: 'orgDay' as const, day: after, counts: { [counter]: 1 } }] : []),
  ];
}

/**
 * A reader's day grew: each visit added is a view, each engaged visit added an
 * engaged read, the day's first visit a reader. A new visit from another site
 * is a read that site's link referred.
 */
function readIncrements(before: ReaderDayImage | undefined, after: ReaderDayImage, at: string): Increment[] {
  const views = size(after.visits) - size(before?.visits);
  const engaged = size(after.engaged) - size(before?.engaged);
  const readers = !before && views > 0 ? 1 : 0;
  const engagedScroll = (after.scroll ?? 0) - (before?.scroll ?? 0);
  if (views <= 0 && engaged <= 0) return [];
  const { writeupId, day } = after;
  const increments: Increment[] = [
    { rollup: 'dailyReads', writeupId, day, counts: { views, engaged, readers, engagedScroll } },
    { rollup: 'orgDay', day, counts: { views, engaged, readers } },
    { rollup: 'orgMonth', month: day.slice(0, 7), writeupId, counts: { views, engaged }, lastRead: dayNumber(day) },
  ];
  const referred = (after.refs ?? 0) > (before?.refs ?? 0);
  if (views > 0 && referred && after.ref) increments.push({ rollup: 'linkViews', writeupId, url: after.ref, day, counts: { views }, at: after.seenAt ?? at });
  return increments;
}

/** One rollup item's identity, for merging a batch's increments. */
export function rollupKey(increment: Increment): string {
  switch (increment.rollup) {
    case 'dailyReads':
      return `reads\n${increment.writeupId}\n${increment.day}`;
    case 'orgDay':
      return `day\n${increment.day}`;
    case 'orgMonth':
      return `month\n${increment.month}\n${increment.writeupId}`;
    case 'linkViews':
      return `link\n${increment.writeupId}\n${increment.overflow ? '(overflow)' : increment.url}`;
  }
}

/** A batch's increments merged per rollup item: counters added, `lastRead` kept at its latest. */
export function mergeIncrements(increments: Increment[]): Map<string, Increment> {
  const merged = new Map<string, Increment>();
  for (const increment of increments) {
    const key = rollupKey(increment);
    const into = merged.get(key);
    if (!into) {
      merged.set(key, { ...increment, counts: { ...increment.counts } } as Increment);
      continue;
    }
    for (const [name, value] of Object.entries(increment.counts)) into.counts[name] = (into.counts[name] ?? 0) + value;
    if (into.rollup === 'orgMonth' && increment.rollup === 'orgMonth' && increment.lastRead !== undefined) {
      into.lastRead = Math.max(into.lastRead ?? 0, increment.lastRead);
    }
    if (into.rollup === 'linkViews' && increment.rollup === 'linkViews' && increment.at > into.at) into.at = increment.at;
  }
  return merged;
}

export type { LinkKind };
