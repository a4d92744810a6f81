import { randomBytes } from 'node:crypto';
import { listAttendees, mergeAttendees, removeAttendee, setAttendanceDay, stampAttendanceDay, upsertAttendee } from '../data/attendance';
import { uncountResponses } from '../data/responses';
import type { Store } from '../data/client';
import {
  createReview,
  findToken,
  getReview,
  listReviews,
  listSingleUseTokens,
  markCancelled,
  saveSingleUseTokens,
  updateReview,
  setCheckinReopenedUntil,
  type LinkToken,
  type TokenKind,
} from '../data/reviews';
import { getTemplate } from '../data/templates';
import { getWriteup } from '../data/writeups';
import { invitedByList, summarizeAttendance, type AttendanceSource, type AttendeeUpdate } from '../domain/attendance';
import { newToken, startOrProblem, TOKEN_PATTERN, type NewReview, type Review, type ReviewPatch } from '../domain/review';
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
        await upsertAttendee(store, { id: review.id, day: review.startsAt.slice(0, 10) }, update, source, fallback, now);
      }
    }),
  );
}

const dayOf = (review: Pick<Review, 'startsAt'>) => review.startsAt.slice(0, 10);

export type EditResult = { ok: true; review: Review } | { ok: false; problem: 'gone' | 'cancelled' } | { ok: false; problem: 'startsAt'; message: string };

/**
 * Edits or reschedules a review: its invitation's `SEQUENCE` goes up, and its
 * attendance moves to the new day with it (the records first given the day
 * they count on now, so nothing moves twice; a second try finishes a first one
 * a fault stopped).
 */
export async function editReview(store: Store, review: Review, patch: ReviewPatch): Promise<EditResult> {
  if (review.cancelledAt) return { ok: false, problem: 'cancelled' };
  let startsAt: string | undefined;
  if (patch.startsAt !== undefined) {
    const start = startOrProblem(patch.startsAt, patch.timeZone ?? review.timeZone);
    if (!start.ok) return { ok: false, problem: 'startsAt', message: start.message };
    startsAt = start.startsAt;
  }
  if (startsAt) await stampAttendanceDay(store, review.id, dayOf(review));
  const updated = await updateReview(store, review.id, { ...patch, ...(startsAt ? { startsAt } : {}) });
  if (updated === 'gone' || updated === 'cancelled') return { ok: false, problem: updated };
  if (startsAt) await setAttendanceDay(store, review.id, dayOf(updated));
  return { ok: true, review: updated };
}

/**
 * Cancels a review: its links answer that it was, its invitation becomes a
 * cancellation, and nothing of it counts (the review, its attendance, its
 * answers). Cancelling again finishes what a fault left; undefined when there is no such review.
 */
export async function cancelReview(store: Store, review: Review, now: Date): Promise<Review | undefined> {
  const cancelled = review.cancelledAt ? review : await markCancelled(store, review.id, now);
  const current = cancelled ?? (await getReview(store, review.id));
  if (!current?.cancelledAt) return undefined;
  await setAttendanceDay(store, review.id, 'uncounted');
  await uncountResponses(store, review.id);
  return current;
}

/** Removes a mistaken attendance record; false when there is none by that name. Counts follow. */
export function removeAttendance(store: Store, review: Review, name: string): Promise<boolean> {
  return removeAttendee(store, review.id, name);
}

/** Two records that are one person become `keep`; false when either is not there. Counts follow. */
export function mergeAttendance(store: Store, review: Review, keep: string, drop: string, now: Date): Promise<boolean> {
  return mergeAttendees(store, { id: review.id, day: dayOf(review) }, keep, drop, now);
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
