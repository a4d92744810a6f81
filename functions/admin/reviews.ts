import { checkinWindow, reviewLinks, reviewShown } from '../domain/review';
import { maySeeNames } from '../domain/people';
import { mintSurveyLinks, recordAttendance, reopenCheckin, reviewDetails } from '../services/reviews';
import { group } from '../shared/app';
import { nowOf, publicUrlOf, type AppDeps } from '../shared/deps';
import { notFound } from '../shared/errors';
import { callerOf } from './authorize';
import { reviewRoutes } from './reviews.routes';

/** `/api/reviews/{id}`: a review with its attendance, the facilitator's record, single-use survey links. */
export const reviewHandlers = (deps: AppDeps) => {
  const review = async (id: string) => {
    const details = await reviewDetails(deps.store, id);
    if (!details) throw notFound('The review');
    return details;
  };
  return group(reviewRoutes, {
    getReview: async (c) => {
      const { review: found, attendees, attendance } = await review(c.req.valid('param').id);
      // Names reach facilitators and admins only: a viewer gets the counts.
      const names = maySeeNames(callerOf(c));
      return c.json({ ...reviewShown(found, names), ...reviewLinks(publicUrlOf(deps, c.req.url), found), attendance, ...(names ? { attendees } : {}) }, 200);
    },
    recordAttendance: async (c) => {
      const { attendees } = c.req.valid('json');
      const details = await review(c.req.valid('param').id);
      await recordAttendance(deps.store, details.review, attendees, 'facilitator', nowOf(deps));
      const after = await review(details.review.id);
      return c.json({ attendance: after.attendance, attendees: after.attendees }, 200);
    },
    reopenCheckin: async (c) => {
      const { hours } = c.req.valid('json');
      const details = await review(c.req.valid('param').id);
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
      const details = await review(c.req.valid('param').id);
      const tokens = await mintSurveyLinks(deps.store, details.review.id, count, nowOf(deps));
      const base = publicUrlOf(deps, c.req.url);
      return c.json({ urls: tokens.map((token) => `${base}/s/${token}`) }, 201);
    },
  });
};
