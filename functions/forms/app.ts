import type { AppDeps } from '../shared/deps';
import { contractApp, mount } from '../shared/app';
import { PAGE_CSP, pageHeaders } from '../shared/page-headers';
import { checkinHandlers } from './checkin';
import { MAX_FORM_BYTES } from './routes';
import { surveyHandlers } from './survey';

/** The pages attendees use: review check-in (`/c/*`) and the post-review survey (`/s/*`). */
export function formsApp(deps: AppDeps) {
  // Never framed by another site: a check-in or a survey answered through someone else's page is clickjacking.
  const headers = pageHeaders({ csp: PAGE_CSP, referrer: 'no-referrer' });
  return mount(contractApp({ maxBodyBytes: MAX_FORM_BYTES, edgeSecret: deps.edgeSecret }), [checkinHandlers(deps), surveyHandlers(deps)], () => [headers]);
}
