import { addDays, readDay } from '../domain/dates';
import { digestWeekAt, digestWeekSoFar, parseDigestSchedule } from '../domain/digest';
import { CURRENT_WEEK } from './digest.routes';
import { digestPreview, sendDigest, type SendResult } from '../services/digest';
import { nowOf, publicUrlOf, type AppDeps } from '../shared/deps';
import { ApiError, validationFailed } from '../shared/errors';
import { group } from '../shared/app';
import { setAuditTarget } from './authorize';
import { digestRoutes } from './digest.routes';

/** What a send did, as the audit trail names it: the week, and where it went. */
export const digestAuditTarget = (result: SendResult) =>
  `the digest of ${result.week.from} to ${result.week.to}: ${result.sent ? `sent to ${result.destinations.filter((d) => d.sent).length} of ${result.destinations.length} destinations` : 'not sent'}`;

/** The digest's schedule here: the configured one, Monday 09:00 UTC without one. */
export const scheduleOf = (deps: AppDeps) => deps.digest?.schedule ?? parseDigestSchedule(undefined);

/**
 * The week a preview asks for (`?week=` its first day), the one due now, or
 * (`?week=current`) the week under way so far. A later first day cannot be
 * shown: that week has not begun.
 */
export function askedWeek(deps: AppDeps, asked: string | undefined): { from: string; to: string; dueAt?: string; soFar?: true } | { problem: string } {
  const due = digestWeekAt(nowOf(deps), scheduleOf(deps));
  if (asked === undefined || asked === '') return due;
  if (asked === CURRENT_WEEK) return { ...digestWeekSoFar(nowOf(deps), scheduleOf(deps)), soFar: true };
  const day = readDay(asked);
  if (!day.ok) return { problem: day.message };
  // No later than the latest week (from the clock): so its seven days end before 2999-12-31 too.
  if (day.day > due.from)
    return { problem: `must be no later than ${due.from}, the first day of the latest week a digest covers, or current (the week so far)` };
  return { from: day.day, to: addDays(day.day, 6) };
}

/** A send's HTTP status: 409 with nowhere to send, 502 when a destination failed, 200 otherwise (already sent included). */
export function sendStatus(result: SendResult): 200 | 502 {
  return result.destinations.some((d) => d.status === 'failed') ? 502 : 200;
}

/** `GET /api/digest`: the digest due now (or of `?week=`), with what happened to it; `POST /api/digest/send`: send it now. */
export const digestHandlers = (deps: AppDeps) =>
  group(digestRoutes, {
    previewDigest: async (c) => {
      const week = askedWeek(deps, c.req.valid('query').week);
      if ('problem' in week) throw validationFailed([{ path: 'week', message: week.problem }]);
      const preview = await digestPreview(deps.store, deps.digest, { now: nowOf(deps), dashboardUrl: publicUrlOf(deps, c.req.url), week, places: deps });
      return c.json(
        {
          week: preview.week,
          empty: preview.empty,
          digest: preview.digest,
          destinations: preview.destinations,
          deliveries: preview.records.map(({ claim: _claim, ...r }) => r),
        },
        200,
      );
    },
    sendDigest: async (c) => {
      if (!deps.digest || !(deps.digest.slackWebhookUrl || deps.digest.email)) {
        throw new ApiError(409, 'conflict', 'The digest has no destination: set DIGEST_SLACK_WEBHOOK_URL, or DIGEST_EMAIL_TO and DIGEST_EMAIL_FROM.');
      }
      const result = await sendDigest(deps.store, deps.digest, { now: nowOf(deps), dashboardUrl: publicUrlOf(deps, c.req.url), byHand: true, places: deps });
      setAuditTarget(c, digestAuditTarget(result));
      const destinations = result.destinations.map(({ record: _record, ...d }) => d);
      const body = {
        sent: result.sent,
        ...(result.reason ? { reason: result.reason } : {}),
        week: { from: result.week.from, to: result.week.to },
        destinations,
      };
      return sendStatus(result) === 502 ? c.json(body, 502) : c.json(body, 200);
    },
  });
