import { randomBytes } from 'node:crypto';
import { listAttendees, upsertAttendee } from '../data/attendance';
import type { Store } from '../data/client';
import {
  createReview,
  findToken,
  getReview,
  listReviews,
  listSingleUseTokens,
  saveSingleUseTokens,
  setCheckinReopenedUntil,
  type LinkToken,
  type TokenKind,
} from '../data/reviews';
import { getTemplate } from '../data/templates';
import { getWriteup } from '../data/writeups';
import { invitedByList, summarizeAttendance, type AttendanceSource, type AttendeeUpdate } from '../domain/attendance';
import { newToken, TOKEN_PATTERN, type NewReview, type Review } from '../domain/review';
import { DEFAULT_TEMPLATE, parseTemplateRef, type SurveyTemplate } from '../domain/survey';

export const REVIEW_ID_PATTERN = /^[A-Za-z0-9_-]{12}$/;

/** The default survey, or a stored template (a given version, else its latest). */
export async function resolveTemplate(store: Store, ref: string | undefined): Promise<SurveyTemplate | undefined> {
  if (ref === undefined || ref === DEFAULT_TEMPLATE.id || ref === `${DEFAULT_TEMPLATE.id}@1`) return DEFAULT_TEMPLATE;
  const parsed = parseTemplateRef(ref);
  return parsed && getTemplate(store, parsed.id, parsed.version);
}

export type ScheduleResult = { ok: true; review: Review } | { ok: false; missing: 'writeup' | 'template' };

/** Schedules a review; its survey template is pinned to one version for good. */
export async function scheduleReview(store: Store, writeupId: string, input: NewReview, now: Date, organizer?: string): Promise<ScheduleResult> {
  const [writeup, template] = await Promise.all([getWriteup(store, writeupId), resolveTemplate(store, input.surveyTemplate)]);
  if (!writeup) return { ok: false, missing: 'writeup' };
  if (!template) return { ok: false, missing: 'template' };
  const review: Review = {
    id: randomBytes(9).toString('base64url'),
    writeupId,
    title: input.title,
    startsAt: input.startsAt,
    invitees: input.invitees ?? [],
    anonymous: input.anonymous ?? true,
    template: { id: template.id, version: template.version, title: template.title, questions: template.questions },
    checkinToken: newToken(),
    surveyToken: newToken(),
    createdAt: now.toISOString(),
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    ...(input.durationMinutes ? { durationMinutes: input.durationMinutes } : {}),
    ...(input.invitations ? { invitations: input.invitations } : {}),
    ...(organizer ? { organizer } : {}),
  };
  await createReview(store, review);
  return { ok: true, review };
}

/** A write-up's reviews, by start time. */
export async function reviewsOf(store: Store, writeupId: string): Promise<Review[] | undefined> {
  if (!(await getWriteup(store, writeupId))) return undefined;
  return listReviews(store, writeupId);
}

export async function findReview(store: Store, id: string): Promise<Review | undefined> {
  return REVIEW_ID_PATTERN.test(id) ? getReview(store, id) : undefined;
}

/** A review with its attendance, for admins. */
export async function reviewDetails(store: Store, id: string) {
  const review = await findReview(store, id);
  if (!review) return undefined;
  const attendees = await listAttendees(store, id);
  return { review, attendees, attendance: summarizeAttendance(attendees) };
}

export async function mintSurveyLinks(store: Store, reviewId: string, count: number, now: Date): Promise<string[]> {
  const tokens = Array.from({ length: count }, newToken);
  await saveSingleUseTokens(store, reviewId, tokens, now);
  return tokens;
}

/** The single-use survey links minted for a review so far. */
export function singleUseLinksOf(store: Store, reviewId: string) {
  return listSingleUseTokens(store, reviewId);
}

/** Merges each person into the review's attendance; "invited" comes from the invitee list when unsaid. */
export async function recordAttendance(store: Store, review: Review, updates: AttendeeUpdate[], source: AttendanceSource, now: Date): Promise<void> {
  const queue = [...updates];
  // A few writes at a time keeps a 500-person record within the store's pace.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let update = queue.shift(); update; update = queue.shift()) {
        const fallback = invitedByList(update.name, review.invitees);
        await upsertAttendee(store, review.id, update, source, fallback, now);
      }
    }),
  );
}

/** Reopens a review's check-in for some hours from now (0 closes it again). */
export async function reopenCheckin(store: Store, review: Review, hours: number, now: Date): Promise<Review> {
  const until = hours > 0 ? new Date(now.getTime() + hours * 3_600_000).toISOString() : undefined;
  await setCheckinReopenedUntil(store, review.id, until);
  const { checkinReopenedUntil: _was, ...rest } = review;
  return until ? { ...rest, checkinReopenedUntil: until } : rest;
}

export interface OpenLink {
  token: string;
  link: LinkToken;
  review: Review;
}

/** The review behind a check-in or survey link, when the link is one of the given kinds. */
export async function openLink(store: Store, token: string, kinds: TokenKind[]): Promise<OpenLink | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const link = await findToken(store, token);
  if (!link || !kinds.includes(link.kind)) return undefined;
  const review = await getReview(store, link.reviewId);
  return review && { token, link, review };
}
