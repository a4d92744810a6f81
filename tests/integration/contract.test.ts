import { createHmac } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestWeekAt, parseDigestSchedule } from '../../functions/domain/digest';
import { OPERATIONS } from '../../functions/operations';
import { localApp, NO_LIMITS } from '../../local/server';
import { newVisitId } from '../helpers/apps';
import { ADMIN_TOKEN, BROWSER_UA, settled, testDeps } from '../helpers/deps';
import { startMailbox, type Mailbox } from '../helpers/mail';
import { recordFigure } from '../helpers/figures';
import { startSlackWebhook, type SlackWebhook } from '../helpers/slack-webhook';
import {
  firehydrantReport,
  incidentIoDelivery,
  incidentIoDocument,
  INCIDENT_IO_SECRET,
  KEYS,
  platformApis,
  rootlyDelivery,
  rootlyPostMortem,
  ROOTLY_SECRET,
  statusChange,
} from '../helpers/incident-platforms';

// Every documented operation, called as a client would, its successes and its
// usual refusals; every answer is then checked against the OpenAPI document:
// its status is one the operation declares, and its body fits that status's schema.

type Doc = { paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, unknown> }> }>> };
interface Recorded {
  operationId: string;
  path: string;
  method: string;
  status: number;
  contentType: string;
  body: string;
}

let app: ReturnType<typeof localApp>;
let doc: Doc;
let webhook: SlackWebhook;
let mailbox: Mailbox;
const recorded: Recorded[] = [];
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const json = { ...admin, 'content-type': 'application/json' };
const now = new Date();
const week = digestWeekAt(now, parseDigestSchedule(undefined));

/** The documented operation a request is for, by its method and the path template it fits. */
function operationOf(method: string, path: string) {
  for (const [template, item] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(path) && item[method]) return { template, operation: item[method]! };
  }
  return undefined;
}

let platforms: Awaited<ReturnType<typeof platformApis>>;

async function call(method: string, url: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  const res = await app.request(url, { method, ...init });
  const path = new URL(url, 'http://x').pathname;
  const found = operationOf(method.toLowerCase(), path);
  const body = await res.text();
  if (found)
    recorded.push({
      operationId: found.operation.operationId,
      path: found.template,
      method: method.toLowerCase(),
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body,
    });
  return { status: res.status, json: () => JSON.parse(body) };
}

beforeAll(async () => {
  webhook = await startSlackWebhook();
  mailbox = await startMailbox();
  platforms = await platformApis();
  const deps = await testDeps({
    publicUrl: 'https://signals.example.com',
    reviewMail: { from: 'signals@acme.example', via: { smtpUrl: mailbox.url }, timeoutMs: 2_000 },
    digest: { schedule: parseDigestSchedule(undefined), slackWebhookUrl: async () => webhook.url, retryWaitsMs: [1, 1], timeoutMs: 2_000 },
    // A site no write-up lives on: the import asks it nothing and says what it did.
    confluence: { url: 'https://acme.atlassian.net', email: 'signals@acme.example', apiToken: 'token' },
    // Google and Microsoft set up with no write-up there: their imports ask nothing and say what they did.
    google: { serviceAccountKey: '{}', subject: 'admin@acme.example', apiUrl: 'http://127.0.0.1:9' },
    microsoft: { tenantId: 'acme.onmicrosoft.com', clientId: 'app', clientSecret: 'secret', graphUrl: 'http://127.0.0.1:9', loginUrl: 'http://127.0.0.1:9' },
    githubWebhookSecret: async () => 'github-secret',
    slack: { signingSecret: async () => 'slack-secret' },
    incidentPlatforms: {
      'incident-io': { webhookSecret: async () => INCIDENT_IO_SECRET },
      rootly: { webhookSecret: async () => ROOTLY_SECRET },
      firehydrant: { api: { key: KEYS.firehydrant, url: platforms.urls.firehydrant } },
    },
  });
  app = localApp(deps, NO_LIMITS);
  doc = (await (await app.request('/api/openapi.json')).json()) as Doc;
  await exercise();
}, 120_000);

afterAll(async () => {
  await webhook.close();
  await mailbox.close();
  await platforms?.close();
});

/** Every operation, as a client uses it. */
async function exercise() {
  await call('GET', '/healthz');
  await call('GET', '/t.js');
  await call('GET', '/api/openapi.json');
  await call('GET', '/api/docs');
  await call('GET', '/api/me', { headers: admin });
  await call('GET', '/api/me');

  const writeup = { id: 'contract', title: 'Contract', url: 'https://docs.example.com/contract', publishedAt: week.from, tags: ['payments'] };
  await call('POST', '/api/writeups', { headers: json, body: JSON.stringify(writeup) });
  await call('POST', '/api/writeups', { headers: json, body: JSON.stringify(writeup) });
  await call('POST', '/api/writeups', { headers: json, body: JSON.stringify({ id: 'Bad Id' }) });
  await call('GET', '/api/writeups?limit=1', { headers: admin });
  await call('GET', '/api/writeups?limit=0', { headers: admin });
  await call('GET', '/api/writeups/contract', { headers: admin });
  await call('GET', '/api/writeups/nothing-here', { headers: admin });
  await call('PATCH', '/api/writeups/contract', { headers: json, body: JSON.stringify({ title: 'Contract, read' }) });
  await call('PATCH', '/api/writeups/contract', { headers: json, body: '{}' });
  await call('GET', '/api/writeups/contract/embed', { headers: admin });
  const csv = 'id,title,url\nimported,Imported,https://docs.example.com/imported\n';
  await call('POST', '/api/writeups/import', { headers: json, body: JSON.stringify({ csv, dryRun: true }) });
  await call('POST', '/api/writeups/import', { headers: json, body: JSON.stringify({ csv }) });
  await call('POST', '/api/writeups/import', { headers: json, body: JSON.stringify({ csv, dryRun: true }) });

  await call('POST', '/e', {
    headers: { 'user-agent': BROWSER_UA, 'content-type': 'text/plain' },
    body: JSON.stringify({ w: 'contract', k: 'view', u: writeup.url, r: 'https://wiki.example.com/runbook', v: newVisitId() }),
  });
  await call('POST', '/e', { headers: { 'user-agent': BROWSER_UA }, body: '{"k":"view"}' });
  await call('GET', '/p.gif?w=contract', { headers: { 'user-agent': BROWSER_UA } });
  await call('GET', '/p.gif?w=NOT%20AN%20ID', { headers: { 'user-agent': BROWSER_UA } });

  await call('POST', '/api/writeups/contract/links', { headers: json, body: JSON.stringify({ url: 'https://github.com/acme/pay/pull/7' }) });
  await call('POST', '/api/writeups/contract/links', { headers: json, body: JSON.stringify({ url: 'https://github.com/acme/pay/pull/7' }) });
  await call('POST', '/api/writeups/contract/links', { headers: json, body: JSON.stringify({ url: 'not a url' }) });
  await call('GET', '/api/writeups/contract/links', { headers: admin });
  await call('DELETE', `/api/writeups/contract/links?url=${encodeURIComponent('https://github.com/acme/pay/pull/7')}`, { headers: admin });
  await call('DELETE', `/api/writeups/contract/links?url=${encodeURIComponent('https://github.com/acme/pay/pull/7')}`, { headers: admin });
  await call('POST', '/api/writeups', {
    headers: json,
    body: JSON.stringify({ id: 'contract-archive', title: 'Archive me', url: 'https://docs.example.com/pir/archive-me' }),
  });
  await call('POST', '/api/writeups/contract-archive/archive', { headers: admin });
  await call('GET', '/api/writeups?archived=true', { headers: admin });
  await call('POST', '/api/writeups/contract-archive/restore', { headers: admin });
  await call('POST', '/api/writeups/nothing-here/restore', { headers: admin });
  await call('DELETE', '/api/writeups/contract-archive', { headers: admin });
  await call('DELETE', '/api/writeups/contract-archive', { headers: admin });
  await call('POST', '/api/links', {
    headers: json,
    body: JSON.stringify({
      links: [
        { writeup: 'contract', url: 'https://github.com/acme/pay/commit/abc', via: 'scan' },
        { writeup: 'nothing-here', url: 'https://x.example.com' },
      ],
    }),
  });

  const scheduled = await call('POST', '/api/writeups/contract/reviews', {
    headers: json,
    body: JSON.stringify({ startsAt: now.toISOString(), invitees: [{ name: 'Ana Lima', email: 'ana@acme.example' }] }),
  });
  const reviewId = scheduled.json().id as string;
  await call('POST', '/api/writeups/contract/reviews', { headers: json, body: JSON.stringify({ startsAt: 'soon' }) });
  await call('GET', '/api/writeups/contract/reviews', { headers: admin });
  await call('GET', `/api/reviews/${reviewId}`, { headers: admin });
  await call('GET', '/api/reviews/no-such-review', { headers: admin });
  await call('POST', `/api/reviews/${reviewId}/attendance`, {
    headers: json,
    body: JSON.stringify({
      attendees: [
        { name: 'Ana Lima', participated: true },
        { name: 'Bo Chen', invited: false },
      ],
    }),
  });
  await call('POST', `/api/reviews/${reviewId}/attendance`, { headers: json, body: JSON.stringify({ attendees: 'everyone' }) });
  await call('POST', `/api/reviews/${reviewId}/checkin`, { headers: json, body: JSON.stringify({ hours: 2 }) });
  await call('POST', `/api/reviews/${reviewId}/survey-links`, { headers: json, body: JSON.stringify({ count: 2 }) });
  await call('POST', `/api/reviews/${reviewId}/survey-links`, { headers: json, body: JSON.stringify({ count: 0 }) });
  await call('PATCH', `/api/reviews/${reviewId}`, { headers: json, body: JSON.stringify({ durationMinutes: 90, title: 'Contract review' }) });
  await call('PATCH', `/api/reviews/${reviewId}`, { headers: json, body: JSON.stringify({}) });
  await call('POST', `/api/reviews/${reviewId}/attendance`, {
    headers: json,
    body: JSON.stringify({ attendees: [{ name: 'A. Lima' }, { name: 'Typo Person' }] }),
  });
  await call('POST', `/api/reviews/${reviewId}/attendees/merge`, { headers: json, body: JSON.stringify({ keep: 'Ana Lima', merge: 'A. Lima' }) });
  await call('POST', `/api/reviews/${reviewId}/attendees/merge`, { headers: json, body: JSON.stringify({ keep: 'Ana Lima', merge: 'ana lima' }) });
  await call('DELETE', `/api/reviews/${reviewId}/attendees/${encodeURIComponent('Typo Person')}`, { headers: admin });
  await call('DELETE', `/api/reviews/${reviewId}/attendees/${encodeURIComponent('Typo Person')}`, { headers: admin });
  const toCancel = (await call('POST', '/api/writeups/contract/reviews', { headers: json, body: JSON.stringify({ startsAt: now.toISOString() }) })).json().id;
  await call('POST', `/api/reviews/${reviewId}/invite`, { headers: admin });
  await call('POST', `/api/reviews/${toCancel}/cancel`, { headers: admin });
  await call('POST', `/api/reviews/${toCancel}/invite`, { headers: admin });
  await call('PATCH', `/api/reviews/${toCancel}`, { headers: json, body: JSON.stringify({ title: 'Back on' }) });

  const template = { id: 'contract-retro', title: 'Retro', questions: [{ id: 'learned', type: 'choice', prompt: 'Learned?', options: ['yes', 'no'] }] };
  await call('POST', '/api/survey-templates', { headers: json, body: JSON.stringify(template) });
  await call('POST', '/api/survey-templates', { headers: json, body: JSON.stringify({ ...template, id: 'post-review-v1' }) });
  await call('GET', '/api/survey-templates', { headers: admin });
  await call('GET', '/api/survey-templates/contract-retro', { headers: admin });
  await call('GET', '/api/survey-templates/contract-retro/versions/1', { headers: admin });
  await call('GET', '/api/survey-templates/contract-retro/versions/9', { headers: admin });
  await call('POST', '/api/survey-templates/post-review-v1/copy', { headers: json, body: JSON.stringify({ id: 'contract-copy', title: 'Copy' }) });
  await call('POST', '/api/survey-templates/post-review-v1/copy', { headers: json, body: JSON.stringify({ id: 'contract-copy', title: 'Copy' }) });
  await call('POST', '/api/survey-templates/no-such/copy', { headers: json, body: JSON.stringify({ id: 'contract-copy-2', title: 'Copy' }) });

  await settled();
  await call('GET', '/api/writeups/contract/report', { headers: admin });
  await call('GET', '/api/writeups/contract/report?from=2026-02-30', { headers: admin });
  await call('GET', '/api/report?bucket=week', { headers: admin });
  await call('GET', '/api/report?bucket=day', { headers: admin });
  for (const name of ['reads', 'links', 'attendance', 'responses', 'audit']) {
    await call('GET', `/api/export/${name}.csv`, { headers: admin });
    await call('GET', `/api/export/${name}.csv?from=yesterday`, { headers: admin });
  }
  await call('POST', '/api/recount', { headers: json, body: JSON.stringify({ from: week.from, to: week.to, dryRun: true }) });
  await call('POST', '/api/recount', { headers: json, body: JSON.stringify({ from: week.from, to: week.to, writeup: 'contract', dryRun: true }) });
  await call('POST', '/api/recount', { headers: json, body: JSON.stringify({ from: week.from, to: week.to, writeup: 'nothing-here' }) });

  await call('GET', '/api/digest', { headers: admin });
  await call('GET', `/api/digest?week=${week.from}`, { headers: admin });
  await call('GET', '/api/digest?week=current', { headers: admin });
  await call('GET', '/api/digest?week=soon', { headers: admin });
  webhook.answerNext({ status: 500, body: 'oops' }, { status: 500, body: 'oops' }, { status: 500, body: 'oops' });
  await call('POST', '/api/digest/send', { headers: admin });
  await call('POST', '/api/digest/send', { headers: admin });
  await call('POST', '/api/import/confluence', { headers: admin });
  await call('POST', '/api/import/google', { headers: admin });
  await call('POST', '/api/import/microsoft', { headers: admin });

  const token = await call('POST', '/api/tokens', { headers: json, body: JSON.stringify({ name: 'contract' }) });
  await call('POST', '/api/tokens', { headers: json, body: JSON.stringify({ name: '' }) });
  await call('GET', '/api/tokens', { headers: admin });
  await call('DELETE', `/api/tokens/${token.json().id}`, { headers: admin });
  await call('DELETE', '/api/tokens/no-such-token', { headers: admin });
  const viewer = (await call('POST', '/api/tokens', { headers: json, body: JSON.stringify({ name: 'as admin' }) })).json().token as string;
  await call('GET', '/api/people', { headers: admin });
  await call('PUT', `/api/people/${encodeURIComponent('ana@acme.example')}`, { headers: json, body: JSON.stringify({ role: 'viewer' }) });
  await call('PUT', '/api/people/not-an-email', { headers: json, body: JSON.stringify({ role: 'viewer' }) });
  await call('PUT', `/api/people/${encodeURIComponent('ana@acme.example')}`, { headers: json, body: JSON.stringify({ role: 'king' }) });
  await call('GET', '/api/audit', { headers: admin });
  await call('GET', '/api/audit?to=2026-13-01', { headers: admin });

  // No credentials, or a token that is not one.
  await call('GET', '/api/writeups', { headers: { authorization: `Bearer ${viewer}x` } });
  await call('GET', '/api/export/audit.csv');

  // The webhooks, signed as GitHub and Slack sign them, and not.
  const push = JSON.stringify({
    ref: 'refs/heads/main',
    repository: { html_url: 'https://github.com/acme/pay' },
    commits: [{ id: 'abc', message: `See ${writeup.url}`, url: 'https://github.com/acme/pay/commit/abc' }],
  });
  const githubSignature = `sha256=${createHmac('sha256', 'github-secret').update(push).digest('hex')}`;
  await call('POST', '/hooks/github', {
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'd-1', 'x-hub-signature-256': githubSignature },
    body: push,
  });
  await call('POST', '/hooks/github', {
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
    body: push,
  });
  const challenge = JSON.stringify({ type: 'url_verification', challenge: 'ch-1' });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const slackSignature = `v0=${createHmac('sha256', 'slack-secret').update(`v0:${timestamp}:${challenge}`).digest('hex')}`;
  await call('POST', '/hooks/slack', {
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': slackSignature },
    body: challenge,
  });
  await call('POST', '/hooks/slack', {
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': 'v0=0' },
    body: challenge,
  });

  // The incident platforms' webhooks, signed as each signs, and not; a backfill step against a local FireHydrant.
  const pmEvent = 'public_incident.postmortem_document_status_updated_v1';
  await call('POST', '/hooks/incident-io', incidentIoDelivery(pmEvent, statusChange(incidentIoDocument(), 'not_started', 'created')));
  await call('POST', '/hooks/incident-io', incidentIoDelivery(pmEvent, { new_status: 'created' }));
  await call('POST', '/hooks/incident-io', { ...incidentIoDelivery(pmEvent, {}), headers: { 'content-type': 'application/json' } });
  await call('POST', '/hooks/rootly', rootlyDelivery('incident_post_mortem.created', rootlyPostMortem()));
  await call('POST', '/hooks/rootly', rootlyDelivery('incident_post_mortem.created', rootlyPostMortem(), { secret: 'wrong' }));
  platforms.reports.push(firehydrantReport(1));
  await call('POST', '/api/import/firehydrant', { headers: admin });
  await call('POST', '/api/import/rootly', { headers: admin });
}

describe('every answer fits the OpenAPI document', () => {
  it('answers each documented operation only with a status it declares, and a body that fits its schema', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(doc, 'openapi.json');
    const problems: string[] = [];
    for (const r of recorded) {
      const declared = doc.paths[r.path]![r.method]!.responses[String(r.status)];
      const label = `${r.method.toUpperCase()} ${r.path} → ${r.status}`;
      if (!declared) {
        problems.push(`${label}: status not declared`);
        continue;
      }
      const types = Object.keys(declared.content ?? {});
      if (types.length === 0) {
        if (r.body !== '') problems.push(`${label}: a body where none is declared`);
        continue;
      }
      const type = types.find((t) => r.contentType.startsWith(t));
      if (!type) {
        problems.push(`${label}: ${r.contentType} where ${types.join(' or ')} is declared`);
        continue;
      }
      if (type !== 'application/json') continue;
      const pointer = `openapi.json#/paths/${r.path.replaceAll('~', '~0').replaceAll('/', '~1')}/${r.method}/responses/${r.status}/content/application~1json/schema`;
      const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
      if (!validate(JSON.parse(r.body))) problems.push(`${label}: ${ajv.errorsText(validate.errors)} in ${r.body.slice(0, 300)}`);
    }
    expect(problems).toEqual([]);
    recordFigure(
      `contract: ${recorded.length} answers of ${new Set(recorded.map((r) => r.operationId)).size} operations checked against the OpenAPI document, all as declared`,
    );
  });

  it('has been asked every documented operation, and seen each success it declares', () => {
    const documented = OPERATIONS.filter((op) => !op.page);
    const missing: string[] = [];
    for (const op of documented) {
      const successes = Object.keys(doc.paths[op.path]![op.method]!.responses).filter((status) => status.startsWith('2'));
      for (const status of successes)
        if (!recorded.some((r) => r.operationId === op.operationId && String(r.status) === status)) missing.push(`${op.operationId} ${status}`);
    }
    expect(missing).toEqual([]);
  });
});
