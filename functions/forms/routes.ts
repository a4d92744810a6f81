import * as z from 'zod';
import { operations, media, type OperationSpec } from '../shared/operation';

/** A survey of 50 long answers is the largest body any route takes. */
export const MAX_FORM_BYTES = 1_024 * 1_024;
export const MAX_CHECKIN_BYTES = 8 * 1_024;

const page = { 200: media('text/html', 'A page (JSON for a JSON submit)') };
/** A link's token: any text, so an unknown one is answered by the form's own page. */
const byToken = { params: z.object({ token: z.string() }) };
const form = <const S extends Omit<OperationSpec, 'access' | 'responses' | 'page'>>(spec: S) => ({
  ...spec,
  access: 'public' as const,
  page: true as const,
  responses: page,
});

const tag = { name: 'forms', description: 'Check-in and the post-review survey' };

/** Checking in at the start of a review (`/c/*`), without an account. */
export const checkinRoutes = operations('forms', tag, {
  checkinForm: form({ method: 'get', path: '/c/{token}', request: byToken, summary: 'The check-in form of a review' }),
  checkIn: form({
    method: 'post',
    path: '/c/{token}',
    request: byToken,
    rate: 'forms',
    maxBodyBytes: MAX_CHECKIN_BYTES,
    summary: 'Check in (a form, or JSON)',
  }),
});

/** The post-review survey (`/s/*`), anonymous unless the review says otherwise. */
export const surveyRoutes = operations('forms', tag, {
  surveyScript: form({ method: 'get', path: '/s/form.js', summary: "The survey form's small script (the form works without it)" }),
  surveyForm: form({ method: 'get', path: '/s/{token}', request: byToken, summary: 'The post-review survey' }),
  submitSurvey: form({
    method: 'post',
    path: '/s/{token}',
    request: byToken,
    rate: 'forms',
    maxBodyBytes: MAX_FORM_BYTES,
    summary: 'Answer the survey (a form, or JSON)',
  }),
});
