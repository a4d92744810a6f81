import type { Store } from '../data/client';
import { listAttendees } from '../data/attendance';
import { listDailyReads } from '../data/reads';
import { listLinks } from '../data/links';
import { listResponses } from '../data/responses';
import { listReviews } from '../data/reviews';
import { listAllWriteups } from '../data/writeups';
import { csvRow } from '../domain/csv';
import type { DayRange } from '../domain/report-range';
import { mergeQuestions } from '../domain/survey';
import { auditEntries } from './audit';

/**
 * CSV exports, produced a write-up at a time so a large export never sits in
 * memory whole. Each yields its header first.
 */
export type Export = (store: Store, range: DayRange, filter?: ExportFilter) => AsyncGenerator<string>;

/** `tag`: only the write-ups carrying it, as the organization's page filtered by it shows them. */
export interface ExportFilter {
  tag?: string;
}

/** The write-ups an export covers, in the list's order. */
async function writeupsOf(store: Store, filter: ExportFilter = {}) {
  const all = await listAllWriteups(store);
  const { tag } = filter;
  return tag ? all.filter((w) => w.tags.includes(tag)) : all;
}

export const EXPORTS: Record<'reads' | 'links' | 'attendance' | 'responses' | 'audit', Export> = {
  async *reads(store, range, filter) {
    // The title beside the id: a spreadsheet of ids alone says nothing to the leader reading it.
    yield csvRow(['date', 'writeup', 'title', 'views', 'engaged', 'readers']);
    for (const writeup of await writeupsOf(store, filter)) {
      for (const day of await listDailyReads(store, writeup.id, range.from, range.to)) {
        yield csvRow([day.date, writeup.id, writeup.title, day.views, day.engaged, day.readers]);
      }
    }
  },
  /** The places seen within the range: first seen by its end, last seen from its start. */
  async *links(store, range, filter) {
    yield csvRow(['writeup', 'title', 'url', 'kind', 'via', 'clicks', 'views', 'firstSeen', 'lastSeen']);
    for (const writeup of await writeupsOf(store, filter)) {
      for (const link of await listLinks(store, writeup.id)) {
        if (link.firstSeen.slice(0, 10) > range.to || link.lastSeen.slice(0, 10) < range.from) continue;
        yield csvRow([writeup.id, writeup.title, link.url, link.kind, link.via, link.clicks, link.views, link.firstSeen, link.lastSeen]);
      }
    }
  },
  async *attendance(store, range, filter) {
    yield csvRow(['review', 'writeup', 'startsAt', 'name', 'invited', 'role', 'participated', 'checkedIn']);
    for (const writeup of await writeupsOf(store, filter)) {
      for (const review of await listReviews(store, writeup.id)) {
        const day = review.startsAt.slice(0, 10);
        if (day < range.from || day > range.to) continue;
        for (const a of await listAttendees(store, review.id)) {
          yield csvRow([review.id, writeup.id, review.startsAt, a.name, a.invited, a.role, a.participated, a.checkedIn]);
        }
      }
    }
  },
  async *responses(store, range, filter) {
    const writeups = await writeupsOf(store, filter);
    const reviews = (await Promise.all(writeups.map((w) => listReviews(store, w.id)))).flat();
    const questions = mergeQuestions(reviews.map((r) => r.template.questions)).map((q) => q.id);
    yield csvRow(['review', 'writeup', 'submittedAt', 'name', ...questions]);
    for (const writeup of writeups) {
      for (const response of await listResponses(store, writeup.id, range.from, range.to)) {
        yield csvRow([response.reviewId, writeup.id, response.submittedAt, response.name, ...questions.map((id) => response.answers[id])]);
      }
    }
  },
  async *audit(store, range) {
    yield csvRow(['at', 'actor', 'action', 'target', 'route', 'status']);
    for await (const entry of auditEntries(store, range)) yield csvRow([entry.at, entry.actor, entry.action, entry.target, entry.route, entry.status]);
  },
};
