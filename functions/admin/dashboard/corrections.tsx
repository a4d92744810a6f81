import type { Context } from 'hono';
import { nameKey } from '../../domain/attendance';
import { patchReviewSchema, type Review } from '../../domain/review';
import { isTimeZone, utcToLocal } from '../../domain/time-zones';
import { writeupIdSchema } from '../../domain/writeup';
import { removeLinkOf } from '../../services/links';
import { cancelReview, editReview, findReview, mergeAttendance, removeAttendance } from '../../services/reviews';
import { archiveWriteup, deleteWriteup, findWriteup, restoreWriteup } from '../../services/writeups';
import { group } from '../../shared/app';
import { nowOf, publicUrlOf, type AppDeps } from '../../shared/deps';
import { mailChange, mailInvitation } from '../../services/review-mail';
import { callerOf, reviewAuditTarget, setAuditTarget } from '../authorize';
import type { Caller } from '../../domain/people';
import { Field, FormProblems, formValues, problemsOf, type Problems, type Values } from './fields';
import { DashboardPage, NotFoundPage } from './layout';
import { correctionPages } from './pages.routes';
import { inviteesOf, ZoneAndInvitees } from './review-pages';

/** A review's invitees as the form shows them: "Ana Lima <ana@example.com>" when the invitation goes to her. */
const inviteeLines = (review: Review) =>
  review.invitees
    .map((name) => {
      const email = review.invitations?.find((i) => nameKey(i.name) === nameKey(name))?.email;
      return email ? `${name} <${email}>` : name;
    })
    .join('\n');

function EditReviewForm(props: { caller: Caller; review: Review; values: Values; problems: Problems }) {
  const { review, values, problems } = props;
  return (
    <DashboardPage title="Reschedule or edit the review" caller={props.caller}>
      <p>
        <a href={`/reviews/${review.id}`}>{`← ${review.title ?? 'Review'}`}</a>
      </p>
      <h1>Reschedule or edit the review</h1>
      <p>The calendar invitation is sent again as a newer version; attendance already recorded moves with the review’s day.</p>
      <FormProblems
        problems={problems}
        labels={{ title: 'Title', startsLocal: 'Starts at', durationMinutes: 'Length in minutes', timeZone: 'Time zone', invitees: 'Invited people' }}
      />
      <form class="stack" method="post" action={`/reviews/${review.id}/edit`}>
        <Field name="title" label="Title" values={values} problems={problems} maxlength={200} />
        <Field name="startsLocal" label="Starts at" type="datetime-local" values={values} problems={problems} required hint="In the time zone below." />
        <Field name="durationMinutes" label="Length in minutes" type="number" values={values} problems={problems} required />
        <ZoneAndInvitees values={values} problems={problems} />
        <div class="actions">
          <button type="submit">Save the changes</button>
          <a href={`/reviews/${review.id}`}>Back without saving</a>
        </div>
      </form>
    </DashboardPage>
  );
}

/** The form's values for a review as it stands. */
const valuesOf = (review: Review): Values => {
  const zone = review.timeZone ?? 'UTC';
  return {
    title: review.title ?? '',
    startsLocal: utcToLocal(new Date(review.startsAt), zone),
    durationMinutes: String(review.durationMinutes ?? 60),
    timeZone: zone,
    invitees: inviteeLines(review),
  };
};

/** Editing, cancelling and removing, from the review's and the write-up's pages. */
export function correctionPageHandlers(deps: AppDeps) {
  const notFound = (c: Context, what: string) => c.html(<NotFoundPage caller={callerOf(c)} what={`${what} with that id`} />, 404);
  const reviewOf = (c: Context) => findReview(deps.store, c.req.param('id') ?? '');
  const writeupOf = async (c: Context) => {
    const id = writeupIdSchema.safeParse(c.req.param('id'));
    return id.success ? findWriteup(deps.store, id.data) : undefined;
  };
  /** Back to a page with a notice, or a problem, said there. */
  const back = (c: Context, path: string, query: Record<string, string>, anchor = '') => c.redirect(`${path}?${new URLSearchParams(query)}${anchor}`, 303);

  return group(correctionPages, {
    editReviewPage: async (c) => {
      const review = await reviewOf(c);
      if (!review) return notFound(c, 'review');
      if (review.cancelledAt) return back(c, `/reviews/${review.id}`, { problem: 'cancelled' });
      return c.html(<EditReviewForm caller={callerOf(c)} review={review} values={valuesOf(review)} problems={{}} />);
    },
    editReview: async (c) => {
      const review = await reviewOf(c);
      if (!review) return notFound(c, 'review');
      const values = await formValues(c);
      const problems: Problems = {};
      if (!isTimeZone(values.timeZone ?? '')) problems.timeZone = 'pick a time zone from the list';
      const invitees = inviteesOf(values.invitees ?? '');
      if (!invitees.ok) problems.invitees = invitees.message;
      const minutes = (values.durationMinutes ?? '').trim();
      if (!/^\d{1,4}$/.test(minutes)) problems.durationMinutes = 'a whole number of minutes, like 60';
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(values.startsLocal ?? '')) problems.startsLocal = 'must be a date and a time, for example 2026-12-01 14:30';
      const parsed = patchReviewSchema.safeParse({
        ...(values.title?.trim() ? { title: values.title } : {}),
        startsAt: values.startsLocal ?? '',
        durationMinutes: Number(minutes),
        ...(isTimeZone(values.timeZone ?? '') ? { timeZone: values.timeZone } : {}),
        invitees: invitees.ok ? invitees.invitees : [],
      });
      if (!parsed.success) {
        const { startsAt, ...rest } = problemsOf(parsed.error);
        Object.assign(problems, { ...rest, ...(startsAt ? { startsLocal: startsAt } : {}), ...problems });
      }
      const again = () => c.html(<EditReviewForm caller={callerOf(c)} review={review} values={values} problems={problems} />, 400);
      if (Object.keys(problems).length || !parsed.success) return again();
      const edited = await editReview(deps.store, review, parsed.data);
      if (!edited.ok) {
        if (edited.problem === 'startsAt') {
          problems.startsLocal = edited.message;
          return again();
        }
        return back(c, `/reviews/${review.id}`, { problem: edited.problem });
      }
      setAuditTarget(c, reviewAuditTarget(review.id, review.writeupId));
      const mailed = await mailChange(deps.store, deps.reviewMail, edited.review, publicUrlOf(deps, c.req.url), nowOf(deps));
      return back(c, `/reviews/${review.id}`, mailed?.ok ? { edited: 'mailed', sent: String(mailed.sent.length) } : { edited: '1' });
    },
    cancelReview: async (c) => {
      const review = await reviewOf(c);
      if (!review) return notFound(c, 'review');
      const values = await formValues(c);
      // A removal asks first: the box says what happens, and nothing is done unless it is ticked.
      if (values.confirm !== 'yes') return back(c, `/reviews/${review.id}`, { problem: 'confirm-cancel' }, '#cancel');
      const cancelled = await cancelReview(deps.store, review, nowOf(deps));
      setAuditTarget(c, reviewAuditTarget(review.id, review.writeupId));
      const mailed =
        cancelled && !review.cancelledAt ? await mailChange(deps.store, deps.reviewMail, cancelled, publicUrlOf(deps, c.req.url), nowOf(deps)) : undefined;
      return back(c, `/reviews/${review.id}`, mailed?.ok ? { cancelled: 'mailed', sent: String(mailed.sent.length) } : { cancelled: '1' });
    },
    mailInvitation: async (c) => {
      const review = await reviewOf(c);
      if (!review) return notFound(c, 'review');
      const result = await mailInvitation(deps.store, deps.reviewMail, review, publicUrlOf(deps, c.req.url), nowOf(deps));
      if (!result.ok) return back(c, `/reviews/${review.id}`, { problem: `invite-${result.problem}` }, '#invite');
      setAuditTarget(c, reviewAuditTarget(review.id, review.writeupId));
      return back(c, `/reviews/${review.id}`, { invited: String(result.sent.length), failed: String(result.failed.length) }, '#invite');
    },
    removeAttendee: async (c) => {
      const review = await reviewOf(c);
      if (!review) return notFound(c, 'review');
      const values = await formValues(c);
      if (values.confirm !== 'yes') return back(c, `/reviews/${review.id}`, { problem: 'confirm-remove' }, '#corrections');
      const name = (values.name ?? '').slice(0, 400);
      if (!name || !(await removeAttendance(deps.store, review, name))) return back(c, `/reviews/${review.id}`, { problem: 'no-record' }, '#corrections');
      setAuditTarget(c, `${name} at ${reviewAuditTarget(review.id, review.writeupId)}`);
      return back(c, `/reviews/${review.id}`, { removed: name }, '#attendance');
    },
    mergeAttendees: async (c) => {
      const review = await reviewOf(c);
      if (!review) return notFound(c, 'review');
      const values = await formValues(c);
      const keep = (values.keep ?? '').slice(0, 400);
      const merge = (values.merge ?? '').slice(0, 400);
      if (!keep || !merge || nameKey(keep) === nameKey(merge)) return back(c, `/reviews/${review.id}`, { problem: 'same-person' }, '#corrections');
      if (!(await mergeAttendance(deps.store, review, keep, merge, nowOf(deps))))
        return back(c, `/reviews/${review.id}`, { problem: 'no-record' }, '#corrections');
      setAuditTarget(c, `${merge} into ${keep} at ${reviewAuditTarget(review.id, review.writeupId)}`);
      return back(c, `/reviews/${review.id}`, { merged: keep }, '#attendance');
    },
    removeLink: async (c) => {
      const writeup = await writeupOf(c);
      if (!writeup) return notFound(c, 'write-up');
      const values = await formValues(c);
      if (values.confirm !== 'yes') return back(c, `/writeups/${writeup.id}`, { problem: 'confirm-link' }, '#links');
      const removed = values.url ? await removeLinkOf(deps.store, writeup.id, values.url.slice(0, 2_000)) : undefined;
      if (!removed) return back(c, `/writeups/${writeup.id}`, { problem: 'no-link' }, '#links');
      setAuditTarget(c, `${removed.url} (write-up ${writeup.id})`);
      return back(c, `/writeups/${writeup.id}`, { link: 'removed' }, '#links');
    },
    archiveWriteup: async (c) => {
      const archived = await archiveWriteup(deps.store, c.req.param('id') ?? '', nowOf(deps));
      if (!archived) return notFound(c, 'write-up');
      return back(c, `/writeups/${archived.id}`, { archived: '1' });
    },
    restoreWriteup: async (c) => {
      const restored = await restoreWriteup(deps.store, c.req.param('id') ?? '');
      if (!restored) return notFound(c, 'write-up');
      return back(c, `/writeups/${restored.id}`, { restored: '1' });
    },
    deleteWriteup: async (c) => {
      const writeup = await writeupOf(c);
      if (!writeup) return notFound(c, 'write-up');
      const values = await formValues(c);
      // Typing the id is the confirmation: nothing of this comes back.
      if ((values.confirmId ?? '').trim() !== writeup.id) return back(c, `/writeups/${writeup.id}`, { problem: 'confirm-delete' }, '#delete');
      const deleted = await deleteWriteup(deps.store, writeup.id, nowOf(deps));
      if (!deleted) return notFound(c, 'write-up');
      setAuditTarget(c, `${writeup.id} (“${writeup.title}”)`);
      return back(c, '/writeups', { deleted: writeup.title });
    },
  });
}
