import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { personName } from './attendance';
import { instantDay, INSTANT_BOUNDS_MESSAGE } from './dates';
import { emailSchema } from './people';
import type { Question } from './survey';
import { isTimeZone, localToUtc } from './time-zones';

/** A time with its offset (`Z`, `+02:00`); without one it is a wall-clock time in the review's zone. */
const OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$/;

/** The instant a review starts: its own offset, else the wall clock in `timeZone` (UTC when there is none). */
export function startInstant(startsAt: string, timeZone: string | undefined): number | undefined {
  if (OFFSET.test(startsAt)) {
    const time = Date.parse(startsAt);
    return Number.isNaN(time) ? undefined : time;
  }
  if (!LOCAL.test(startsAt)) return undefined;
  const minute = localToUtc(startsAt.slice(0, 16), timeZone ?? 'UTC');
  const seconds = Number(startsAt.slice(17) || 0);
  return minute && minute.getTime() + Math.round(seconds * 1000);
}

/** Someone invited: a name, or a name and the address the calendar invitation goes to. */
const invitee = z.union([
  personName,
  z.strictObject({
    name: personName.meta({ description: 'How the invitee is named on the review' }),
    email: emailSchema.optional().meta({ description: 'Where the calendar invitation goes' }),
  }),
]);

/** How long a review lasts when nobody says: the invitation blocks an hour. */
export const DEFAULT_DURATION_MINUTES = 60;

/** When a review starts: with an offset, that instant; without one, a wall-clock time in its zone. */
const startsAtField = z
  .string()
  .max(40)
  .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && (OFFSET.test(value) ? !Number.isNaN(Date.parse(value)) : LOCAL.test(value)), {
    message: 'must be an ISO 8601 date and time, like 2026-12-10T10:00 (a time in timeZone) or 2026-12-10T15:00Z',
  })
  .meta({ description: 'With an offset, that instant; without one, a wall-clock time in `timeZone` (UTC when no zone is given)' });
const titleField = z.string().trim().min(1).max(200);
const durationField = z.number().int().min(5, 'at least 5 minutes').max(1440, 'at most a day (1440 minutes)');
const inviteesField = z.array(invitee).max(500);
/** Where the facilitator is (an IANA zone), so pages show the start in their time too. */
const timeZoneField = z.string().max(64).refine(isTimeZone, 'must be an IANA time zone, like Europe/Berlin');

/** Invitees as typed (names, or names with addresses): their names, and the addresses the invitation goes to. */
function peopleOf(invitees: z.infer<typeof inviteesField>) {
  const people = invitees.map((one) => (typeof one === 'string' ? { name: one } : one));
  const invitations = people.flatMap(({ name, email }) => (email ? [{ name, email }] : []));
  return { invitees: people.map(({ name }) => name), invitations };
}

/** The instant of a start, or the problem with it, said on `startsAt`. */
export function startOrProblem(startsAt: string, timeZone: string | undefined): { ok: true; startsAt: string } | { ok: false; message: string } {
  const instant = startInstant(startsAt, timeZone);
  // Its UTC day is one of the product's (an offset can carry 2999-12-31T23:00-02:00 into 3000).
  if (instant === undefined) return { ok: false, message: `is not a time that exists in ${timeZone ?? 'UTC'}` };
  if (instantDay(instant) === undefined) return { ok: false, message: INSTANT_BOUNDS_MESSAGE };
  return { ok: true, startsAt: new Date(instant).toISOString() };
}

export const createReviewSchema = z
  .strictObject({
    startsAt: startsAtField,
    title: titleField.optional().meta({ description: "The review's name on its pages and invitation; the write-up's title when unsaid" }),
    durationMinutes: durationField.optional().meta({ description: 'How long the calendar invite blocks, 5 to 1440 minutes (60 when unsaid)' }),
    invitees: inviteesField
      .optional()
      .meta({ description: 'Who is invited (at most 500): names, or `{name, email}`; those who come uninvited count as voluntary' }),
    surveyTemplate: z
      .string()
      .max(80)
      .optional()
      .meta({ description: 'The survey: a template id (its latest version) or `id@version`; the built-in one when unsaid' }),
    anonymous: z.boolean().optional().meta({ description: 'Survey answers carry no name (the default); `false` asks each participant for theirs' }),
    timeZone: timeZoneField.optional().meta({ description: 'Where the facilitator is, an IANA zone (Europe/Berlin): pages show the start in it too' }),
  })
  .transform(({ invitees, ...input }, ctx) => {
    const start = startOrProblem(input.startsAt, input.timeZone);
    if (!start.ok) {
      ctx.addIssue({ code: 'custom', path: ['startsAt'], message: start.message });
      return z.NEVER;
    }
    const { invitees: names, invitations } = peopleOf(invitees ?? []);
    return { ...input, startsAt: start.startsAt, invitees: names, ...(invitations.length ? { invitations } : {}) };
  });

export type NewReview = z.infer<typeof createReviewSchema>;

/**
 * A change to a review: what is named changes. A `startsAt` without an offset
 * is read in the `timeZone` given, else the review's own; the start is checked
 * against it by the service, which knows the review.
 */
export const patchReviewSchema = z
  .strictObject({
    startsAt: startsAtField.optional(),
    title: titleField.optional().meta({ description: "The review's new name" }),
    durationMinutes: durationField.optional().meta({ description: 'How long the calendar invite blocks, 5 to 1440 minutes' }),
    invitees: inviteesField.optional().meta({ description: 'The whole new list of invitees: names, or `{name, email}`' }),
    timeZone: timeZoneField
      .optional()
      .meta({ description: "Where the facilitator is, an IANA zone; a `startsAt` without an offset is read in it (else in the review's own)" }),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'name at least one of startsAt, title, durationMinutes, invitees, timeZone',
  })
  .superRefine((patch, ctx) => {
    // A time no zone makes real (2026-02-30, a day outside the product's) is refused before the review is looked up.
    if (patch.startsAt === undefined) return;
    const start = startOrProblem(patch.startsAt, patch.timeZone ?? 'UTC');
    if (!start.ok) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: start.message });
  })
  .transform(({ invitees, ...patch }) => ({ ...patch, ...(invitees ? peopleOf(invitees) : {}) }));

export type ReviewPatch = z.infer<typeof patchReviewSchema>;

/**
 * A review as the API shows it: without its link tokens; invitees' names and addresses, and who organized it,
 * for facilitators and admins; how many were invited for viewers.
 */
export function reviewShown(review: Review, maySeeNames: boolean) {
  const { checkinToken: _c, surveyToken: _s, invitees, invitations, organizer, durationMinutes, ...rest } = review;
  const people = maySeeNames ? { invitees, ...(invitations ? { invitations } : {}), ...(organizer ? { organizer } : {}) } : { invitees: invitees.length };
  return { ...rest, durationMinutes: durationMinutes ?? DEFAULT_DURATION_MINUTES, ...people };
}

export const surveyLinksSchema = z.strictObject({
  count: z.number().int().min(1, 'mint at least 1 link').max(500, 'mint at most 500 links at once').meta({ description: 'How many links, 1 to 500' }),
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
  /** Minutes the meeting lasts; `DEFAULT_DURATION_MINUTES` when unsaid. */
  durationMinutes?: number;
  /** Invitees with an address: the calendar invitation names them as attendees. */
  invitations?: { name: string; email: string }[];
  /** Who sends the invitation (the facilitator who scheduled it, when signed in). */
  organizer?: string;
  /** The invitation's version: calendars replace an event only by a higher one. */
  sequence?: number;
  /** When it was cancelled: its links answer 410 and nothing of it counts. */
  cancelledAt?: string;
  /** When its invitation was first mailed: changes to it are mailed too. */
  invitedAt?: string;
  /** When each invitee was mailed a single-use survey link. */
  surveyMailedAt?: string;
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
  hours: z
    .number()
    .int()
    .min(0)
    .max(72, 'reopen for at most 72 hours')
    .meta({ description: 'Hours it stays open from now, at most 72; 0 closes a reopened one' }),
});

/** An unguessable token for a link: 128 random bits. */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function reviewLinks(publicUrl: string, review: Pick<Review, 'checkinToken' | 'surveyToken'>) {
  return { checkinUrl: `${publicUrl}/c/${review.checkinToken}`, surveyUrl: `${publicUrl}/s/${review.surveyToken}` };
}
