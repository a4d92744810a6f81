import { operations, media, type OperationSpec } from '../shared/operation';

/** A survey of 50 long answers is the largest body any route takes. */
export const MAX_FORM_BYTES = 1_024 * 1_024;
export const MAX_CHECKIN_BYTES = 8 * 1_024;

const page = { 200: media('text/html', 'A page (JSON for a JSON submit)') };
const form = (spec: Omit<OperationSpec, 'access' | 'responses' | 'page'>): OperationSpec => ({ ...spec, access: 'public', page: true, responses: page });

/** The pages attendees use: review check-in (`/c/*`) and the post-review survey (`/s/*`), without an account. */
export const formRoutes = operations('forms', { name: 'forms', description: 'Check-in and the post-review survey' }, {
  checkinForm: form({ method: 'get', path: '/c/{token}', summary: 'The check-in form of a review' }),
  checkIn: form({ method: 'post', path: '/c/{token}', rate: 'forms', maxBodyBytes: MAX_CHECKIN_BYTES, summary: 'Check in (a form, or JSON)' }),
  surveyScript: form({ method: 'get', path: '/s/form.js', summary: "The survey form's small script (the form works without it)" }),
  surveyForm: form({ method: 'get', path: '/s/{token}', summary: 'The post-review survey' }),
  submitSurvey: form({ method: 'post', path: '/s/{token}', rate: 'forms', maxBodyBytes: MAX_FORM_BYTES, summary: 'Answer the survey (a form, or JSON)' }),
});
