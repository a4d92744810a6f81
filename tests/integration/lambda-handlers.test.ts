import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctionBundle, FUNCTIONS } from '../../infra/bundling';
import { BROWSER_UA, freshStore } from '../helpers/deps';
import { allItems } from '../helpers/table';
import { apiEvent, lambdaContext, streamToLambda, type Handler } from '../helpers/lambda';
import { ensureTable } from '../../functions/data/bootstrap';
import { inject } from 'vitest';
import type { Store } from '../../functions/data/client';
import { digestWeekAt, parseDigestSchedule } from '../../functions/domain/digest';
import { startMailbox, type Mailbox } from '../helpers/mail';
import { startSlackWebhook, type SlackWebhook } from '../helpers/slack-webhook';

const TOKEN = 'lambda-test-token-0123456789';
const handlers: Record<string, Handler> = {};
let store: Store;
let countsHandler: Parameters<typeof streamToLambda>[2];
let counted: ReturnType<typeof streamToLambda>;
const HOOK_SECRET = 'hook-secret-for-the-bundle-test-0123';
let mailbox: Mailbox;
let slack: SlackWebhook;
let dir: string;
const SLACK_SECRET = 'slack-secret-for-the-bundle-test-01';
/** Stand-ins: Slack's Web API, and Lambda's Invoke API (where the hooks' function hands Slack's work to itself). */
let standIns: Server;
const invocations: Array<{ path: string; type: string | undefined; payload: unknown }> = [];
const slackCalls: string[] = [];

beforeAll(async () => {
  // No local poller here: the bundled counts function reads the stream, as in AWS.
  store = await freshStore({ counting: false });
  // The bundles read their settings once, at import, as in Lambda.
  Object.assign(process.env, {
    TABLE_NAME: store.table,
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    ADMIN_TOKEN: TOKEN,
    READ_SECONDS: '30',
    GITHUB_WEBHOOK_SECRET: HOOK_SECRET,
  });
  delete process.env.ADMIN_TOKEN_PARAMETER;
  [mailbox, slack] = await Promise.all([startMailbox(), startSlackWebhook()]);
  Object.assign(process.env, {
    DIGEST_EMAIL_TO: 'leaders@acme.example',
    DIGEST_EMAIL_FROM: 'signals@acme.example',
    SMTP_URL: mailbox.url,
    DIGEST_SLACK_WEBHOOK_URL: slack.url,
  });
  standIns = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      // Lambda's Invoke: POST /2015-03-31/functions/{name}/invocations; an asynchronous one is taken with 202.
      if (req.url!.startsWith('/2015-03-31/functions/')) {
        invocations.push({ path: req.url!, type: req.headers['x-amz-invocation-type'] as string | undefined, payload: JSON.parse(raw) });
        return res.writeHead(202).end();
      }
      const method = req.url!.replace(/^\/api\//, '');
      slackCalls.push(method);
      const body = Object.fromEntries(new URLSearchParams(raw));
      res.setHeader('content-type', 'application/json');
      if (method === 'chat.getPermalink') return res.end(JSON.stringify({ ok: true, permalink: `https://acme.slack.com/archives/${body.channel}/p1` }));
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => standIns.listen(0, '127.0.0.1', resolve));
  const standIn = `http://127.0.0.1:${(standIns.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bundle-test',
    SLACK_API_URL: `${standIn}/api/`,
    // The runtime's Lambda client, as the bundle leaves it out, pointed at the stand-in.
    AWS_ENDPOINT_URL_LAMBDA: standIn,
    AWS_ACCESS_KEY_ID: 'bundletest',
    AWS_SECRET_ACCESS_KEY: 'bundletest',
    AWS_REGION: 'us-east-1',
  });
  // Under the repository, as Lambda's runtime has its SDK on the path: what a bundle leaves out resolves from node_modules.
  mkdirSync(join(import.meta.dirname, '..', '.artifacts'), { recursive: true });
  dir = mkdtempSync(join(import.meta.dirname, '..', '.artifacts', 'bundles-'));
  for (const name of FUNCTIONS) {
    await buildFunctionBundle(name, join(dir, `${name}.mjs`));
    const { handler } = await import(pathToFileURL(join(dir, `${name}.mjs`)).href);
    if (name === 'counts') countsHandler = handler;
    else handlers[name] = handler;
  }
  counted = streamToLambda(inject('dynamoEndpoint'), (await ensureTable(store)).streamArn, countsHandler);
}, 120_000);

afterAll(async () => {
  await Promise.all([mailbox.close(), slack.close()]);
  standIns?.close();
});

/** Runs the counts function over what the stream holds, until nothing new comes. */
const countAll = async () => {
  for (let round = 0; round < 20; round++) {
    const answers = await counted();
    for (const answer of answers) expect(answer.batchItemFailures).toEqual([]);
    if (answers.length === 0) return;
  }
};

const call = (name: string, changes: Parameters<typeof apiEvent>[0]) => handlers[name]!(apiEvent(changes), lambdaContext(name));
const adminJson = async (method: string, path: string, body?: unknown) => {
  if (method === 'GET') await countAll();
  return call('admin', {
    method,
    path,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', Host: 'abc.execute-api.us-east-1.amazonaws.com' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
};

describe('the Lambda bundles, invoked with real API Gateway v2 events', () => {
  it('carry the SSM client only where a function reads secrets: collect, forms and counts start without it', () => {
    const carriesSsm = (name: string) =>
      (JSON.parse(readFileSync(join(dir, `${name}.mjs.map`), 'utf8')).sources as string[]).some((source) => source.includes('@aws-sdk/client-ssm/'));
    expect(['collect', 'forms', 'counts'].filter(carriesSsm)).toEqual([]);
    expect(['admin', 'hooks', 'imports', 'digest'].filter(carriesSsm)).toEqual(['admin', 'hooks', 'imports', 'digest']);
    // Behind the edge, collect and forms take the runtime's SSM client, imported on their first request, never at a cold start.
    for (const name of ['collect', 'forms']) {
      const bundle = readFileSync(join(dir, `${name}.mjs`), 'utf8');
      expect(bundle, name).toContain('import("@aws-sdk/client-ssm")');
      expect(bundle, name).not.toMatch(/from\s*"@aws-sdk\/client-ssm"/);
    }
  });

  it('admin: creates a write-up with a bearer token, refuses without', async () => {
    const created = await adminJson('POST', '/api/writeups', { id: 'lambda-outage', title: 'Lambda outage', url: 'https://wiki.example.com/pir/lambda' });
    expect(created.statusCode).toBe(201);
    expect(created.headers?.location).toBe('/api/writeups/lambda-outage');
    const refused = await call('admin', { method: 'GET', path: '/api/writeups', headers: { Host: 'x' } });
    expect(refused.statusCode).toBe(401);
    expect(JSON.parse(refused.body!).error.code).toBe('unauthorized');
  });

  it('admin: describes its API in OpenAPI 3.1 and renders the reference, with no credentials', async () => {
    const doc = await call('admin', { method: 'GET', path: '/api/openapi.json', headers: { Host: 'abc.execute-api.us-east-1.amazonaws.com' } });
    expect(doc.statusCode).toBe(200);
    const parsed = JSON.parse(doc.body!);
    expect(parsed.openapi).toBe('3.1.0');
    expect(parsed.paths['/api/writeups'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['id', 'title', 'url']));
    const page = await call('admin', { method: 'GET', path: '/api/docs', headers: { Host: 'x' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('POST /api/writeups');
  });

  it('hooks: takes a signed GitHub delivery and refuses an unsigned one', async () => {
    await adminJson('POST', '/api/writeups', { id: 'hooked', title: 'Hooked', url: 'https://wiki.example.com/pir/hooked' });
    const body = JSON.stringify({
      action: 'opened',
      issue: { html_url: 'https://github.com/acme/ops/issues/7', title: 'Follow-up', body: 'From https://wiki.example.com/pir/hooked' },
    });
    const headers = { 'Content-Type': 'application/json', 'X-GitHub-Event': 'issues', 'X-GitHub-Delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958', Host: 'x' };
    const signed = await call('hooks', {
      method: 'POST',
      path: '/hooks/github',
      headers: { ...headers, 'X-Hub-Signature-256': await sign(HOOK_SECRET, body) },
      body,
    });
    expect(signed.statusCode).toBe(200);
    expect(JSON.parse(signed.body!)).toMatchObject({ created: 1 });
    const unsigned = await call('hooks', { method: 'POST', path: '/hooks/github', headers, body });
    expect(unsigned.statusCode).toBe(401);
  });

  it('hooks: answers Slack at once and hands the work to itself asynchronously; the job, run as Lambda delivers it, records the link', async () => {
    await adminJson('POST', '/api/writeups', { id: 'chatted', title: 'Chatted', url: 'https://wiki.example.com/pir/chatted' });
    const body = JSON.stringify({
      type: 'event_callback',
      event_id: 'Ev0BUNDLE1',
      event: {
        type: 'link_shared',
        channel: 'C0BUNDLE1',
        message_ts: '1721234567.000900',
        source: 'conversations_history',
        links: [{ domain: 'wiki.example.com', url: 'https://wiki.example.com/pir/chatted' }],
      },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const headers = { 'Content-Type': 'application/json', 'X-Slack-Request-Timestamp': timestamp, 'X-Slack-Signature': signature, Host: 'x' };
    const answer = await call('hooks', { method: 'POST', path: '/hooks/slack', headers, body });
    expect([answer.statusCode, JSON.parse(answer.body!)]).toEqual([200, { ok: true, accepted: true }]);
    expect(slackCalls).toEqual([]);
    expect(invocations).toEqual([
      {
        path: '/2015-03-31/functions/learning-signals-hooks/invocations',
        type: 'Event',
        payload: { handedOff: expect.objectContaining({ kind: 'slack-link-shared' }) },
      },
    ]);
    // Lambda delivers the asynchronous invocation: the same function, the job as its event.
    await handlers.hooks!(invocations[0]!.payload as never, lambdaContext('hooks'));
    expect(slackCalls).toEqual(['chat.getPermalink', 'chat.unfurl']);
    const { links } = JSON.parse((await adminJson('GET', '/api/writeups/chatted/links')).body!);
    expect(links).toEqual([expect.objectContaining({ url: 'https://acme.slack.com/archives/C0BUNDLE1/p1', kind: 'chat', via: 'slack' })]);
    // Slack's retry of the event adds nothing and hands nothing on.
    const retry = await call('hooks', {
      method: 'POST',
      path: '/hooks/slack',
      headers: { ...headers, 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' },
      body,
    });
    expect(JSON.parse(retry.body!)).toEqual({ ok: true, retry: true });
    expect(invocations).toHaveLength(1);
  });

  it('imports: the scheduled function loads from its bundle and says what is missing', async () => {
    const answer = await (handlers.imports as unknown as () => Promise<{ problems: string[] }>)();
    expect(answer.problems).toEqual(['CONFLUENCE_URL, CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN are not set']);
    // Google's and Microsoft's jobs say what each is missing.
    const google = await (handlers.imports as unknown as (event: { job: string }) => Promise<{ problems: string[] }>)({ job: 'google' });
    expect(google.problems).toEqual(['GOOGLE_SERVICE_ACCOUNT_KEY and GOOGLE_ADMIN_SUBJECT are not set']);
  });

  it("digest: the scheduled function sends the latest week's digest by mail and to Slack from its bundle, once", async () => {
    const week = digestWeekAt(new Date(), parseDigestSchedule(undefined));
    expect(
      (
        await adminJson('POST', '/api/writeups', {
          id: 'bundle-digest',
          title: 'Published in the digest week',
          url: 'https://docs.example.com/pir/bundle-digest',
          publishedAt: week.from,
        })
      ).statusCode,
    ).toBe(201);
    await countAll();
    const digest = handlers.digest as unknown as () => Promise<{ destinations: Array<{ destination: string; sent: boolean }> }>;
    const first = await digest();
    expect(first.destinations.map((d) => [d.destination, d.sent])).toEqual([
      ['slack', true],
      ['email', true],
    ]);
    await digest();
    expect(mailbox.received).toHaveLength(1);
    expect(mailbox.received[0]!.text).toContain('New write-ups: 1 (week before: 0)');
    expect(slack.delivered).toHaveLength(1);
  });

  it('collect: serves the tracker with long caching', async () => {
    const res = await call('collect', { method: 'GET', path: '/t.js', headers: { Host: 'x' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['cache-control']).toContain('max-age=86400');
    expect(res.body).toContain('keepalive');
  });

  it('collect: answers the beacon preflight with CORS, and counts beacons sent plain or base64, reader from the source IP', async () => {
    const preflight = await call('collect', {
      method: 'OPTIONS',
      path: '/e',
      headers: { Origin: 'https://wiki.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers?.['access-control-allow-origin']).toBe('*');
    const beacon = (v: string, base64: boolean, sourceIp: string) =>
      call('collect', {
        method: 'POST',
        path: '/e',
        // No X-Forwarded-For: the reader's address comes from requestContext.http.sourceIp.
        headers: { 'Content-Type': 'text/plain', 'User-Agent': BROWSER_UA, Origin: 'https://wiki.example.com', Host: 'x' },
        body: JSON.stringify({ w: 'lambda-outage', k: 'view', u: 'https://wiki.example.com/pir/lambda', r: null, v }),
        base64,
        sourceIp,
      });
    const plain = await beacon('lambda-visit-1', false, '192.0.2.10');
    expect(plain.statusCode).toBe(202);
    expect(plain.headers?.['access-control-allow-origin']).toBe('*');
    expect((await beacon('lambda-visit-2', true, '192.0.2.10')).statusCode).toBe(202);
    expect((await beacon('lambda-visit-3', true, '192.0.2.11')).statusCode).toBe(202);
    // X-Forwarded-For is the client's own writing: rotating it makes no new reader.
    const forged = (v: string, forwardedFor: string) =>
      call('collect', {
        method: 'POST',
        path: '/e',
        headers: { 'Content-Type': 'text/plain', 'User-Agent': BROWSER_UA, 'X-Forwarded-For': forwardedFor, Host: 'x' },
        body: JSON.stringify({ w: 'lambda-outage', k: 'view', u: 'https://wiki.example.com/pir/lambda', r: null, v }),
        sourceIp: '192.0.2.11',
      });
    expect((await forged('lambda-visit-4', '10.9.9.9, 192.0.2.11')).statusCode).toBe(202);
    expect((await forged('lambda-visit-5', '10.9.9.10, 192.0.2.11')).statusCode).toBe(202);
    const report = JSON.parse((await adminJson('GET', '/api/writeups/lambda-outage/report')).body!);
    expect(report.reads).toMatchObject({ views: 5, readers: 2 });
    expect(JSON.stringify(await allItems(store))).not.toContain('192.0.2.1');
  });

  it('collect: the pixel comes back as a base64 GIF that is never cached, the go-link as a 302', async () => {
    const pixel = await call('collect', { method: 'GET', path: '/p.gif', query: 'w=lambda-outage', headers: { 'User-Agent': BROWSER_UA, Host: 'x' } });
    expect(pixel.statusCode).toBe(200);
    expect(pixel.isBase64Encoded).toBe(true);
    expect(pixel.headers?.['content-type']).toBe('image/gif');
    expect(pixel.headers?.['cache-control']).toBe('no-cache, no-store');
    expect(Buffer.from(pixel.body!, 'base64').subarray(0, 6).toString()).toBe('GIF89a');
    const go = await call('collect', { method: 'GET', path: '/go/lambda-outage', query: 'from=chat', headers: { 'User-Agent': BROWSER_UA, Host: 'x' } });
    expect(go.statusCode).toBe(302);
    expect(go.headers?.location).toBe('https://wiki.example.com/pir/lambda');
  });

  it('forms: a survey submitted form-encoded and base64 is stored once', async () => {
    const review = JSON.parse((await adminJson('POST', '/api/writeups/lambda-outage/reviews', { startsAt: '2026-03-01T15:00:00Z' })).body!);
    const path = new URL(review.surveyUrl).pathname;
    const page = await call('forms', { method: 'GET', path, headers: { Accept: 'text/html', Host: 'x' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-type']).toMatch(/^text\/html/);
    const submit = () =>
      call('forms', {
        method: 'POST',
        path,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', Host: 'x' },
        body: 'submissionId=lambda-submission-000001&learned=yes&surprise=cold+starts',
        base64: true,
      });
    expect((await submit()).statusCode).toBe(201);
    expect((await submit()).statusCode).toBe(201);
    const report = JSON.parse((await adminJson('GET', '/api/writeups/lambda-outage/report')).body!);
    expect(report.surveys.responses).toBe(1);
  });

  it('admin: logs in, answering the session in the cookies array, and reads it back from the event cookies', async () => {
    const login = await call('admin', {
      method: 'POST',
      path: '/login',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Host: 'abc.execute-api.us-east-1.amazonaws.com', 'X-Forwarded-Proto': 'https' },
      body: `token=${TOKEN}&next=/`,
    });
    expect(login.statusCode).toBe(303);
    const cookie = login.cookies?.find((c) => c.startsWith('__Host-ls_session='));
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    const dashboard = await call('admin', {
      base: 'request-jwt-authorizer',
      method: 'GET',
      path: '/',
      headers: { Host: 'abc.execute-api.us-east-1.amazonaws.com' },
      cookies: ['cookie1', cookie!.split(';')[0]!],
    });
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain('Is the organization learning');
    const anonymous = await call('admin', { base: 'request-jwt-authorizer', method: 'GET', path: '/', headers: { Host: 'x' } });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers?.location).toBe('/login?next=%2F');
  });
});
