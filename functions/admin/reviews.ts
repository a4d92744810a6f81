import { Hono } from 'hono';
import { attendanceRecordSchema } from '../domain/attendance';
import { checkinWindow, reopenCheckinSchema, reviewLinks, surveyLinksSchema } from '../domain/review';
import { mintSurveyLinks, recordAttendance, reopenCheckin, reviewDetails } from '../services/reviews';
import { jsonInput } from '../shared/body';
import { nowOf, publicUrlOf, type AppDeps } from '../shared/deps';
import { notFound } from '../shared/errors';
import { maySeeNames } from '../domain/people';
import { callerOf } from './authorize';

/** `/api/reviews/{id}`: a review with its attendance, the facilitator's record, single-use survey links. */
export function reviewRoutes(deps: AppDeps) {
  return new Hono()
    .get('/:id', async (c) => {
      const details = await reviewDetails(deps.store, c.req.param('id'));
      if (!details) throw notFound('The review');
      const { review, attendees, attendance } = details;
      const { checkinToken: _c, surveyToken: _s, invitees, ...rest } = review;
      // Names reach facilitators and admins only: a viewer gets the counts.
      const names = maySeeNames(callerOf(c)) ? { invitees, attendees } : { invitees: invitees.length };
      return c.json({ ...rest, ...reviewLinks(publicUrlOf(deps, c.req.url), review), attendance, ...names });
    })
    .post('/:id/attendance', jsonInput(attendanceRecordSchema), async (c) => {
      const { attendees } = c.req.valid('json');
      const details = await reviewDetails(deps.store, c.req.param('id'));
      if (!details) throw notFound('The review');
      await recordAttendance(deps.store, details.review, attendees, 'facilitator', nowOf(deps));
      const after = await reviewDetails(deps.store, details.review.id);
      return c.json({ attendance: after!.attendance, attendees: after!.attendees });
    })
    .post('/:id/checkin', jsonInput(reopenCheckinSchema), async (c) => {
      const { hours } = c.req.valid('json');
      const details = await reviewDetails(deps.store, c.req.param('id'));
      if (!details) throw notFound('The review');
      const now = nowOf(deps);
      const review = await reopenCheckin(deps.store, details.review, hours, now);
      const window = checkinWindow(review, now);
      return c.json({ open: window.open, opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString(), reopenedUntil: review.checkinReopenedUntil ?? null });
    })
    .post('/:id/survey-links', jsonInput(surveyLinksSchema), async (c) => {
      const { count } = c.req.valid('json');
      const details = await reviewDetails(deps.store, c.req.param('id'));
      if (!details) throw notFound('The review');
      const tokens = await mintSurveyLinks(deps.store, details.review.id, count, nowOf(deps));
      const base = publicUrlOf(deps, c.req.url);
      return c.json({ urls: tokens.map((token) => `${base}/s/${token}`) }, 201);
    });
}
