import type { Context } from 'hono';
import { checkinWindow, reviewLinks, reviewShown } from '../domain/review';
import { maySeeNames } from '../domain/people';
import {
  cancelReview,
  editReview,
  mergeAttendance,
  mintSurveyLinks,
  recordAttendance,
  removeAttendance,
  reopenCheckin,
  reviewDetails,
} from '../services/reviews';
import { mailChange, mailInvitation } from '../services/review-mail';
import { group } from '../shared/app';
import { nowOf, publicUrlOf, type AppDeps } from '../shared/deps';
import { ApiError, notFound, validationFailed } from '../shared/errors';
import { callerOf, reviewAuditTarget, setAuditTarget } from './authorize';
import { reviewRoutes } from './reviews.routes';

/** Why an invitation could not be mailed, said plainly. */
export const INVITE_PROBLEMS = {
  'no-mail': 'Mail is not set up: DIGEST_EMAIL_FROM with SMTP_URL (or SES in AWS).',
  'no-addresses': 'No invitee has an e-mail address: add them as “Ana Lima <ana@example.com>”.',
  cancelled: 'The review was cancelled.',
  gone: 'The write-up is gone.',
} as const;

/** `/api/reviews/{id}`: a review with its attendance, the facilitator's record, single-use survey links. */
export const reviewHandlers = (deps: AppDeps) => {
  const review = async (id: string) => {
    const details = await reviewDetails(deps.store, id);
    if (!details) throw notFound('The review');
    return details;
  };
  // A cancelled review takes no more attendance, links or reopening.
  const active = async (id: string) => {
    const details = await review(id);
    if (details.review.cancelledAt) throw new ApiError(409, 'conflict', 'The review was cancelled.');
    return details;
  };
  // Names reach facilitators and admins only: a viewer gets the counts.
  const shown = (c: Context, { review: found, attendees, attendance }: Awaited<ReturnType<typeof review>>) => {
    const names = maySeeNames(callerOf(c));
    return { ...reviewShown(found, names), ...reviewLinks(publicUrlOf(deps, c.req.url), found), attendance, ...(names ? { attendees } : {}) };
  };
  return group(reviewRoutes, {
    getReview: async (c) => c.json(shown(c, await review(c.req.valid('param').id)), 200),
    editReview: async (c) => {
      const details = await review(c.req.valid('param').id);
      const edited = await editReview(deps.store, details.review, c.req.valid('json'));
      if (!edited.ok) {
        if (edited.problem === 'startsAt') throw validationFailed([{ path: 'startsAt', message: edited.message }]);
        if (edited.problem === 'gone') throw notFound('The review');
        throw new ApiError(409, 'conflict', 'The review was cancelled: it cannot be changed.');
      }
      setAuditTarget(c, reviewAuditTarget(details.review.id, details.review.writeupId));
      // Invited by mail: the change goes the same way, as the newer version.
      await mailChange(deps.store, deps.reviewMail, edited.review, publicUrlOf(deps, c.req.url), nowOf(deps));
      return c.json(shown(c, await review(details.review.id)), 200);
    },
    mailInvitation: async (c) => {
      const details = await active(c.req.valid('param').id);
      const result = await mailInvitation(deps.store, deps.reviewMail, details.review, publicUrlOf(deps, c.req.url), nowOf(deps));
      if (!result.ok) throw new ApiError(409, 'conflict', INVITE_PROBLEMS[result.problem]);
      setAuditTarget(c, reviewAuditTarget(details.review.id, details.review.writeupId));
      return c.json({ sent: result.sent, failed: result.failed }, 200);
    },
    cancelReview: async (c) => {
      const details = await review(c.req.valid('param').id);
      const cancelled = await cancelReview(deps.store, details.review, nowOf(deps));
      if (!cancelled) throw notFound('The review');
      // Invited by mail: the cancellation goes the same way (only the first time it is cancelled).
      if (!details.review.cancelledAt) await mailChange(deps.store, deps.reviewMail, cancelled, publicUrlOf(deps, c.req.url), nowOf(deps));
      setAuditTarget(c, reviewAuditTarget(details.review.id, details.review.writeupId));
      return c.json(shown(c, await review(details.review.id)), 200);
    },
    removeAttendee: async (c) => {
      const { id, name } = c.req.valid('param');
      const details = await review(id);
      if (!(await removeAttendance(deps.store, details.review, name))) throw notFound('An attendance record by that name');
      setAuditTarget(c, `${name} at ${reviewAuditTarget(details.review.id, details.review.writeupId)}`);
      const after = await review(id);
      return c.json({ attendance: after.attendance, attendees: after.attendees }, 200);
    },
    mergeAttendees: async (c) => {
      const { keep, merge } = c.req.valid('json');
      const details = await review(c.req.valid('param').id);
      if (!(await mergeAttendance(deps.store, details.review, keep, merge, nowOf(deps)))) throw notFound('An attendance record by one of those names');
      setAuditTarget(c, `${merge} into ${keep} at ${reviewAuditTarget(details.review.id, details.review.writeupId)}`);
      const after = await review(details.review.id);
      return c.json({ attendance: after.attendance, attendees: after.attendees }, 200);
    },
    recordAttendance: async (c) => {
      const { attendees } = c.req.valid('json');
      const details = await active(c.req.valid('param').id);
      await recordAttendance(deps.store, details.review, attendees, 'facilitator', nowOf(deps));
      const after = await review(details.review.id);
      return c.json({ attendance: after.attendance, attendees: after.attendees }, 200);
    },
    reopenCheckin: async (c) => {
      const { hours } = c.req.valid('json');
      const details = await active(c.req.valid('param').id);
      const now = nowOf(deps);
      const reopened = await reopenCheckin(deps.store, details.review, hours, now);
      const window = checkinWindow(reopened, now);
      return c.json(
        {
          open: window.open,
          opensAt: window.opensAt.toISOString(),
          closesAt: window.closesAt.toISOString(),
          reopenedUntil: reopened.checkinReopenedUntil ?? null,
        },
        200,
      );
    },
    mintSurveyLinks: async (c) => {
      const { count } = c.req.valid('json');
      const details = await active(c.req.valid('param').id);
      const tokens = await mintSurveyLinks(deps.store, details.review.id, count, nowOf(deps));
      const base = publicUrlOf(deps, c.req.url);
      return c.json({ urls: tokens.map((token) => `${base}/s/${token}`) }, 201);
    },
  });
};
