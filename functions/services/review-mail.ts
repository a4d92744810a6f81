import type { Store } from '../data/client';
import { claimFollowUp, dropFollowUp, dueFollowUps, scheduleFollowUp, type FollowUp } from '../data/follow-ups';
import { getReview, markMailed } from '../data/reviews';
import { getWriteup } from '../data/writeups';
import { methodOf, reviewCalendar } from '../domain/invite';
import { DEFAULT_DURATION_MINUTES, reviewLinks, type Review } from '../domain/review';
import { invitationMessage, reminderMessage, surveyLinkMessage, type ReviewMessage } from '../domain/review-mail';
import type { ReviewMailSettings } from '../shared/deps';
import { DeliveryFailed, mailTransport, sendMail } from './digest-delivery';
import { mintSurveyLinks } from './reviews';

/** The reminder goes this long after the survey links. */
export const REMINDER_AFTER_MS = 2 * 86_400_000;

export interface MailOutcome {
  /** Who was mailed. */
  sent: string[];
  /** Who could not be, and why. */
  failed: Array<{ name: string; reason: string }>;
}

export type InviteResult = ({ ok: true } & MailOutcome) | { ok: false; problem: 'no-mail' | 'no-addresses' | 'cancelled' | 'gone' };

const endOf = (review: Review) => new Date(Date.parse(review.startsAt) + (review.durationMinutes ?? DEFAULT_DURATION_MINUTES) * 60_000);

/** One message to each invitee with an address, each on its own (nobody sees the others' addresses in the mail's header). */
async function mailEach(
  mail: ReviewMailSettings,
  review: Review,
  compose: (person: { name: string; email: string }) => ReviewMessage,
  calendar?: string,
): Promise<MailOutcome> {
  const outcome: MailOutcome = { sent: [], failed: [] };
  for (const person of review.invitations ?? []) {
    try {
      const message = compose(person);
      await sendMail(await mailTransport(mail.via, mail.timeoutMs ?? 10_000), {
        from: mail.from,
        to: [person.email],
        ...message,
        ...(calendar ? { icalEvent: { method: methodOf(calendar), filename: `review-${review.id}.ics`, content: calendar } } : {}),
      });
      outcome.sent.push(person.name);
    } catch (error) {
      if (!(error instanceof DeliveryFailed)) throw error;
      outcome.failed.push({ name: person.name, reason: error.message });
    }
  }
  return outcome;
}

/**
 * Mails the review's calendar invitation (a request, its change, or its
 * cancellation, as the review stands) to each invitee with an address, with
 * the check-in link. The first time, the survey links are set to go when the
 * review ends; after that, `SEQUENCE` tells calendars it is the newer version.
 */
export async function mailInvitation(store: Store, mail: ReviewMailSettings | undefined, review: Review, publicUrl: string, now: Date): Promise<InviteResult> {
  if (!mail) return { ok: false, problem: 'no-mail' };
  if (!review.invitations?.length) return { ok: false, problem: 'no-addresses' };
  const writeup = await getWriteup(store, review.writeupId);
  if (!writeup) return { ok: false, problem: 'gone' };
  const links = reviewLinks(publicUrl, review);
  const calendar = reviewCalendar(review, writeup, links, mail.from);
  const outcome = await mailEach(
    mail,
    review,
    (person) => invitationMessage(review, { name: person.name, writeupTitle: writeup.title, writeupUrl: writeup.url, checkinUrl: links.checkinUrl }),
    calendar,
  );
  if (outcome.sent.length && !review.invitedAt && !review.cancelledAt) {
    await markMailed(store, review.id, 'invitedAt', now.toISOString());
    await scheduleFollowUp(store, { due: endOf(review).toISOString(), reviewId: review.id, kind: 'survey' });
  }
  return { ok: true, ...outcome };
}

/** After a change or a cancellation: mailed again to those invited by mail, nothing otherwise. */
export async function mailChange(store: Store, mail: ReviewMailSettings | undefined, review: Review, publicUrl: string, now: Date) {
  return review.invitedAt ? mailInvitation(store, mail, review, publicUrl, now) : undefined;
}

/**
 * Sends the review mail that is due: after a review, each invitee's own
 * single-use survey link (links not kept with any name); two days on, one
 * reminder to every invitee alike. A cancelled or deleted review's follow-ups
 * are dropped; a rescheduled one's wait for its new end.
 */
export async function sendFollowUps(store: Store, mail: ReviewMailSettings | undefined, publicUrl: string, now: Date): Promise<Array<FollowUp & MailOutcome>> {
  if (!mail) return [];
  const done: Array<FollowUp & MailOutcome> = [];
  for (const followUp of await dueFollowUps(store, now.toISOString())) {
    if (!(await claimFollowUp(store, followUp, now))) continue;
    const review = await getReview(store, followUp.reviewId);
    const writeup = review && (await getWriteup(store, review.writeupId));
    if (!review || !writeup || review.cancelledAt) {
      await dropFollowUp(store, followUp);
      continue;
    }
    if (followUp.kind === 'survey') {
      const end = endOf(review);
      if (end > now) {
        await scheduleFollowUp(store, { ...followUp, due: end.toISOString() });
      } else if (!review.surveyMailedAt) {
        // One link each, minted now and kept with no name: an answer never says whose link it came by.
        const tokens = await mintSurveyLinks(store, review.id, review.invitations?.length ?? 0, now);
        let next = 0;
        const outcome = await mailEach(mail, review, (person) =>
          surveyLinkMessage(review, {
            name: person.name,
            writeupTitle: writeup.title,
            surveyUrl: `${publicUrl}/s/${tokens[next++]}`,
            anonymous: review.anonymous,
          }),
        );
        await markMailed(store, review.id, 'surveyMailedAt', now.toISOString());
        await scheduleFollowUp(store, { due: new Date(now.getTime() + REMINDER_AFTER_MS).toISOString(), reviewId: review.id, kind: 'reminder' });
        done.push({ ...followUp, ...outcome });
      }
    } else {
      const sentOn = (review.surveyMailedAt ?? followUp.due).slice(0, 10);
      const outcome = await mailEach(mail, review, (person) => reminderMessage(review, { name: person.name, writeupTitle: writeup.title, sentOn }));
      done.push({ ...followUp, ...outcome });
    }
    await dropFollowUp(store, followUp);
  }
  return done;
}
