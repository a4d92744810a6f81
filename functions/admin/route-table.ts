import { TrieRouter } from 'hono/router/trie-router';
import type { Role } from '../domain/people';

/**
 * Who may use each route of the admin app, in one table: the authorization
 * middleware reads it on every request, the OpenAPI document names each
 * operation's role from it, and the tests walk it. A route that changes
 * something names its audit action.
 */
export interface RouteRule {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  access: 'public' | Role;
  /** The audit trail's name for the change this route makes. */
  action?: string;
  /** A page (HTML, session only) rather than the JSON API. */
  page?: true;
  /** What an API route does, in the OpenAPI document. */
  summary?: string;
}

const api = (method: RouteRule['method'], path: string, access: RouteRule['access'], summary: string, action?: string): RouteRule => ({ method, path, access, summary, ...(action ? { action } : {}) });
const page = (method: RouteRule['method'], path: string, access: RouteRule['access'], action?: string): RouteRule => ({ method, path, access, page: true, ...(action ? { action } : {}) });

export const ROUTE_TABLE: RouteRule[] = [
  api('GET', '/api/openapi.json', 'public', "This API's OpenAPI 3.1 document"),
  api('GET', '/api/docs', 'public', "This API's reference, as a page"),
  api('GET', '/api/me', 'viewer', 'Who the caller is'),

  api('GET', '/api/writeups', 'viewer', 'List write-ups'),
  api('POST', '/api/writeups', 'facilitator', 'Register a write-up', 'writeup.create'),
  api('POST', '/api/writeups/import', 'facilitator', 'Import write-ups from CSV text, all or none (dryRun: check only)', 'writeup.import'),
  api('GET', '/api/writeups/:id', 'viewer', 'Read a write-up'),
  api('PATCH', '/api/writeups/:id', 'facilitator', 'Change a write-up', 'writeup.update'),
  api('GET', '/api/writeups/:id/embed', 'viewer', 'The tracker, pixel and go-link snippets to paste into a write-up'),
  api('GET', '/api/writeups/:id/report', 'viewer', "One write-up's signals over a range of days"),
  api('GET', '/api/writeups/:id/links', 'viewer', 'The places that point at a write-up'),
  api('POST', '/api/writeups/:id/links', 'facilitator', 'Register a place that points at a write-up', 'link.register'),
  api('GET', '/api/writeups/:id/reviews', 'viewer', "A write-up's reviews (invitees' names for facilitators and admins)"),
  api('POST', '/api/writeups/:id/reviews', 'facilitator', 'Schedule a review; answers its check-in and survey links', 'review.schedule'),
  api('POST', '/api/links', 'facilitator', 'Register up to 100 links at once (the repository scanner)', 'link.register-batch'),

  api('GET', '/api/reviews/:id', 'viewer', 'A review with its attendance (names for facilitators and admins)'),
  api('POST', '/api/reviews/:id/attendance', 'facilitator', "The facilitator's record of who came", 'attendance.record'),
  api('POST', '/api/reviews/:id/checkin', 'facilitator', "Reopen a review's check-in for some hours", 'checkin.reopen'),
  api('POST', '/api/reviews/:id/survey-links', 'facilitator', 'Make single-use survey links', 'survey-links.create'),

  api('GET', '/api/survey-templates', 'viewer', 'List survey templates'),
  api('POST', '/api/survey-templates', 'facilitator', 'Save a survey template (a new version when it exists)', 'template.save'),
  api('GET', '/api/survey-templates/:id', 'viewer', "A survey template's latest version"),
  api('GET', '/api/survey-templates/:id/versions/:version', 'viewer', 'One version of a survey template'),

  api('GET', '/api/report', 'viewer', "The organization's signals over time"),
  api('GET', '/api/export/reads.csv', 'viewer', 'Reads a day, as CSV'),
  api('GET', '/api/export/links.csv', 'viewer', 'Links, as CSV'),
  api('GET', '/api/export/attendance.csv', 'admin', 'Attendance with names, as CSV'),
  api('GET', '/api/export/responses.csv', 'admin', 'Survey responses, as CSV'),
  api('GET', '/api/export/audit.csv', 'admin', 'The audit trail, as CSV'),
  api('POST', '/api/recount', 'admin', 'Prove counts from the stored facts and correct them', 'counts.recount'),
  api('GET', '/api/digest', 'viewer', 'The weekly digest of the latest week (or ?week= its first day), with what happened to it at each destination'),
  api('POST', '/api/digest/send', 'admin', "Send this week's digest now, to each destination it has not reached", 'digest.send'),
  api('POST', '/api/import/confluence', 'admin', "Import Confluence's own page views now (it also runs daily)", 'platform.import'),

  api('GET', '/api/tokens', 'viewer', "Your personal API tokens (an admin's list holds everyone's)"),
  api('POST', '/api/tokens', 'viewer', 'Create a personal API token with your role, shown once', 'token.create'),
  api('DELETE', '/api/tokens/:id', 'viewer', 'Revoke a personal API token', 'token.revoke'),
  api('GET', '/api/people', 'admin', 'People with their roles and last sign-in'),
  api('PUT', '/api/people/:email', 'admin', "Set a person's role", 'person.set-role'),
  api('GET', '/api/audit', 'admin', 'Who changed what, and when'),

  page('GET', '/login', 'public'),
  page('POST', '/login', 'public'),
  page('POST', '/logout', 'public'),
  page('GET', '/auth/login', 'public'),
  page('GET', '/auth/callback', 'public'),
  page('GET', '/assets/dashboard.js', 'public'),
  page('GET', '/', 'viewer'),
  page('GET', '/writeups', 'viewer'),
  page('GET', '/writeups/new', 'facilitator'),
  page('POST', '/writeups', 'facilitator', 'writeup.create'),
  page('GET', '/writeups/import', 'facilitator'),
  page('POST', '/writeups/import', 'facilitator', 'writeup.import'),
  page('GET', '/writeups/:id', 'viewer'),
  page('GET', '/writeups/:id/edit', 'facilitator'),
  page('POST', '/writeups/:id/edit', 'facilitator', 'writeup.update'),
  page('POST', '/writeups/:id/links', 'facilitator', 'link.register'),
  page('GET', '/writeups/:id/reviews/new', 'facilitator'),
  page('POST', '/writeups/:id/reviews', 'facilitator', 'review.schedule'),
  page('GET', '/reviews/:id', 'facilitator'),
  page('POST', '/reviews/:id/attendance', 'facilitator', 'attendance.record'),
  page('POST', '/reviews/:id/survey-links', 'facilitator', 'survey-links.create'),
  page('GET', '/reviews/:id/survey-links.csv', 'facilitator'),
  page('GET', '/reviews/:id/invite.ics', 'facilitator'),
  page('GET', '/reviews/:id/present', 'facilitator'),
  page('GET', '/templates', 'viewer'),
  page('GET', '/templates/new', 'facilitator'),
  page('POST', '/templates', 'facilitator', 'template.save'),
  page('GET', '/templates/:id', 'facilitator'),
  page('POST', '/templates/:id', 'facilitator', 'template.save'),
  page('GET', '/templates/:id/preview', 'viewer'),
  page('POST', '/templates/:id/preview', 'viewer'),
  page('GET', '/tokens', 'viewer'),
  page('POST', '/tokens', 'viewer', 'token.create'),
  page('POST', '/tokens/:id/revoke', 'viewer', 'token.revoke'),
  page('GET', '/people', 'admin'),
  page('POST', '/people', 'admin', 'person.set-role'),
  page('POST', '/people/:email', 'admin', 'person.set-role'),
  page('GET', '/audit', 'admin'),
  page('GET', '/digest', 'viewer'),
  page('POST', '/digest/send', 'admin', 'digest.send'),
];

const router = new TrieRouter<RouteRule>();
for (const rule of ROUTE_TABLE) router.add(rule.method, rule.path, rule);

/** The rule for a request, with the path's parameters; HEAD is a GET. */
export function ruleFor(method: string, path: string): { rule: RouteRule; params: Record<string, string> } | undefined {
  const [matches] = router.match(method === 'HEAD' ? 'GET' : method, path) as unknown as [Array<[RouteRule, Record<string, string>]>];
  // The most specific rule: `/writeups/new` over `/writeups/:id`, as the app routes them.
  const found = [...matches].sort(([a], [b]) => paramsIn(a.path) - paramsIn(b.path))[0];
  return found && { rule: found[0], params: found[1] };
}

const paramsIn = (path: string) => path.split(':').length - 1;
