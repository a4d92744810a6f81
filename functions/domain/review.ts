import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { personName } from './attendance';
import { instantDay, INSTANT_BOUNDS_MESSAGE } from './dates';
import type { Question } from './survey';
import { isTimeZone } from './time-zones';

export const createReviewSchema = z.strictObject({
  startsAt: z
    .string()
    .max(40)
    .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), {
      message: 'must be an ISO 8601 date and time',
      abort: true,
    })
    // Its UTC day is one of the product's (an offset can carry 2999-12-31T23:00-02:00 into 3000).
    .refine((value) => instantDay(Date.parse(value)) !== undefined, INSTANT_BOUNDS_MESSAGE)
    .transform((value) => new Date(value).toISOString()),
  title: z.string().trim().min(1).max(200).optional(),
  invitees: z.array(personName).max(500).optional(),
  surveyTemplate: z.string().max(80).optional(),
  anonymous: z.boolean().optional(),
  /** Where the facilitator is (an IANA zone), so pages show the start in their time too. */
  timeZone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone, like Europe/Berlin').optional(),
});

export type NewReview = z.infer<typeof createReviewSchema>;

export const surveyLinksSchema = z.strictObject({
  count: z.number().int().min(1, 'mint at least 1 link').max(500, 'mint at most 500 links at once'),
});

export interface Review {
  id: string;
  writeupId: string;
  title?: string;
  startsAt: string;
  invitees: string[];
  anonymous: boolean;
  template: { id: string; version: number; title: string; questions: Question[] };
  checkinToken: string;
  surveyToken: string;
  createdAt: string;
  /** A facilitator reopened the check-in until then. */
  checkinReopenedUntil?: string;
  timeZone?: string;
}

/** The check-in opens an hour before a review starts and closes a day after; a facilitator can reopen it. */
export const CHECKIN_OPENS_BEFORE_MS = 3_600_000;
export const CHECKIN_CLOSES_AFTER_MS = 24 * 3_600_000;

export function checkinWindow(review: Pick<Review, 'startsAt' | 'checkinReopenedUntil'>, now: Date) {
  const starts = Date.parse(review.startsAt);
  const opensAt = new Date(starts - CHECKIN_OPENS_BEFORE_MS);
  const closesAt = new Date(starts + CHECKIN_CLOSES_AFTER_MS);
  const reopened = review.checkinReopenedUntil !== undefined && Date.parse(review.checkinReopenedUntil) > now.getTime();
  return { open: reopened || (now >= opensAt && now <= closesAt), opensAt, closesAt, reopened };
}

export const reopenCheckinSchema = z.strictObject({
  /** How long the check-in stays open from now; 0 closes a reopened one. */
  hours: z.number().int().min(0).max(72, 'reopen for at most 72 hours'),
});

/** An unguessable token for a link: 128 random bits. */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function reviewLinks(publicUrl: string, review: Pick<Review, 'checkinToken' | 'surveyToken'>) {
  return { checkinUrl: `${publicUrl}/c/${review.checkinToken}`, surveyUrl: `${publicUrl}/s/${review.surveyToken}` };
}
