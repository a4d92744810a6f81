import type { Context } from 'hono';
import { personName } from '../domain/attendance';
import type { Review } from '../domain/review';
import { DEFAULT_TEMPLATE, parseAnswers, type Question, type RawAnswers } from '../domain/survey';
import { openLink, type OpenLink } from '../services/reviews';
import { newSubmissionId, spentByThisForm, submitSurvey } from '../services/surveys';
import { CLIENT_ID_MESSAGE, CLIENT_ID_PATTERN } from '../domain/validation';
import { nowOf, type AppDeps } from '../shared/deps';
import { errorBody } from '../shared/errors';
import { group } from '../shared/app';
import { surveyRoutes } from './routes';
import { StoreUnavailable } from '../domain/errors';
import { MessagePage, RetryForm } from './layout';
import { formReply, type FormReply } from './reply';
import { readSubmission } from '../shared/submission';
import { SURVEY_SCRIPT, SurveyForm } from './survey-form';

// Template versions never change, so what a form was built from can be kept:
// it lets a form come back filled in even when the store is down.
const knownTemplates = new Map<string, Question[]>([[`${DEFAULT_TEMPLATE.id}@1`, DEFAULT_TEMPLATE.questions]]);
const templateRef = (review: Review) => `${review.template.id}@${review.template.version}`;

const heading = (review: Review) => (review.title ? `After “${review.title}”` : 'After the review');

function form(c: Context, review: Review, values: RawAnswers, errors: Record<string, string>, submissionId: string, notice?: string) {
  return (
    <SurveyForm
      action={c.req.path}
      heading={heading(review)}
      questions={review.template.questions}
      templateRef={templateRef(review)}
      askName={!review.anonymous}
      values={values}
      errors={errors}
      submissionId={submissionId}
      notice={notice}
    />
  );
}

const storeDownNotice = 'We could not save your answers just now. Nothing is lost: they are all still here. Please send them again in a minute.';

const badSubmissionNotice =
  'This form came back damaged (its submission id is not one we made), so nothing was saved. Your answers are below: send them again.';

const usedPage = <MessagePage title="This link has been used" message="This survey link takes one response, and it has one. Thank you if that was you." />;
const cancelledPage = (
  <MessagePage title="This review was cancelled" message="The review this survey was for has been cancelled: there is nothing to answer." />
);
const unknownPage = <MessagePage title="Survey not found" message="This survey link is not known. Check that it was copied whole." />;
const thanksPage = <MessagePage title="Thank you" message="Your answers are in. They help the next review, and the next reader of this write-up." />;

/** `GET|POST /s/{token}`: the post-review survey. */
export function surveyHandlers(deps: AppDeps) {
  return group(surveyRoutes, {
    surveyScript: (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(SURVEY_SCRIPT);
    },
    surveyForm: async (c) => {
      c.header('Cache-Control', 'no-store');
      const open = await openLink(deps.store, c.req.valid('param').token, ['survey', 'survey-once']);
      if (!open) return c.html(unknownPage, 404);
      if (open.review.cancelledAt) return c.html(cancelledPage, 410);
      if (open.link.used) return c.html(usedPage, 409);
      knownTemplates.set(templateRef(open.review), open.review.template.questions);
      return c.html(form(c, open.review, {}, {}, newSubmissionId()));
    },
    submitSurvey: async (c) => {
      c.header('Cache-Control', 'no-store');
      const submission = await readSubmission(c);
      if (!submission) return c.json(errorBody('validation_failed', 'The body must be a JSON object.'), 400);
      const { json, fields } = submission;
      const reply = formReply(c, json);
      // A form always sends one; a script may leave it out (and then a retry counts twice).
      const given = fields.submissionId;
      if (given !== undefined && !(typeof given === 'string' && CLIENT_ID_PATTERN.test(given))) {
        const retry = <RetryForm action={c.req.path} fields={{ ...fields, submissionId: newSubmissionId() }} notice={badSubmissionNotice} />;
        return reply.refused(400, 'validation_failed', 'The submission id is not valid.', retry, [{ path: 'submissionId', message: CLIENT_ID_MESSAGE }]);
      }
      const submissionId = typeof given === 'string' ? given : newSubmissionId();
      let open: OpenLink | undefined;
      try {
        open = await openLink(deps.store, c.req.valid('param').token, ['survey', 'survey-once']);
      } catch (error) {
        if (!(error instanceof StoreUnavailable)) throw error;
        return storeDown(c, reply, fields, submissionId);
      }
      if (!open) return reply.refused(404, 'not_found', 'This survey link is not known.', unknownPage);
      if (open.review.cancelledAt) return reply.refused(410, 'gone', 'This review was cancelled.', cancelledPage);
      if (open.link.used) {
        if (spentByThisForm(open, submissionId)) return reply.saved(thanksPage);
        return reply.refused(409, 'conflict', 'This survey link has been used.', usedPage);
      }

      const review = open.review;
      const parsed = parseAnswers(review.template.questions, fields);
      const errors = parsed.ok ? {} : { ...parsed.errors };
      const name = review.anonymous ? undefined : personName.safeParse(fields.name ?? '');
      if (name && !name.success) errors.name = name.error.issues[0]?.message ?? 'Type your name.';
      if (!parsed.ok || Object.keys(errors).length) {
        const issues = Object.entries(errors).map(([path, message]) => ({ path, message }));
        return reply.refused(400, 'validation_failed', 'Some answers need a look.', form(c, review, fields, errors, submissionId), issues);
      }

      let result: Awaited<ReturnType<typeof submitSurvey>>;
      try {
        result = await submitSurvey(deps.store, open, { answers: parsed.answers, name: name?.data, submissionId }, nowOf(deps));
      } catch (error) {
        if (!(error instanceof StoreUnavailable)) throw error;
        return reply.refused(503, 'unavailable', storeDownNotice, form(c, review, fields, {}, submissionId, storeDownNotice));
      }
      if (result === 'used') return reply.refused(409, 'conflict', 'This survey link has been used.', usedPage);
      return reply.saved(thanksPage);
    },
  });
}

/** The store is down before the review could be read: rebuild the form from what was posted. */
function storeDown(c: Context, reply: FormReply, fields: RawAnswers, submissionId: string) {
  const ref = typeof fields.template === 'string' ? fields.template : `${DEFAULT_TEMPLATE.id}@1`;
  const questions = knownTemplates.get(ref);
  const page = questions ? (
    <SurveyForm
      action={c.req.path}
      heading="After the review"
      questions={questions}
      templateRef={ref}
      askName={fields.name !== undefined}
      values={fields}
      errors={{}}
      submissionId={submissionId}
      notice={storeDownNotice}
    />
  ) : (
    <RetryForm action={c.req.path} fields={{ ...fields, submissionId }} notice={storeDownNotice} />
  );
  return reply.refused(503, 'unavailable', storeDownNotice, page);
}
