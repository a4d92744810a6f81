import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminApp } from '../../functions/admin/app';
import { collectApp } from '../../functions/collect/app';
import { formsApp } from '../../functions/forms/app';
import { hooksApp } from '../../functions/hooks/app';
import { EDGE_SECRET_HEADER } from '../../functions/shared/client-address';
import type { AppDeps } from '../../functions/shared/deps';
import { newVisitId } from '../helpers/apps';
import { adminHeaders, BROWSER_UA, settled, testDeps } from '../helpers/deps';

const SECRET = 'edge-secret-0123456789abcdef';
const GITHUB_SECRET = 'github-webhook-secret';
// As API Gateway hands a request to the function: the address it saw (CloudFront's, behind the edge).
const lambda = (sourceIp: string) => ({ event: { requestContext: { http: { sourceIp } } } });
const CLOUDFRONT = lambda('130.176.0.1');
const viaEdge = (viewer = '203.0.113.9:51234', secret = SECRET) => ({ [EDGE_SECRET_HEADER]: secret, 'cloudfront-viewer-address': viewer });

let deps: AppDeps;
let apps: Record<'collect' | 'forms' | 'admin' | 'hooks', Hono>;
beforeAll(async () => {
  // Behind the edge the secret is read from SSM once a cold start; here a function hands it over.
  deps = await testDeps({ edgeSecret: async () => SECRET, githubWebhookSecret: async () => GITHUB_SECRET });
  apps = { collect: collectApp(deps), forms: formsApp(deps), admin: adminApp(deps), hooks: hooksApp(deps) };
});

// One request each function answers, and what it answers when the request came through the edge.
const asked: Array<[keyof typeof apps, string, RequestInit, number]> = [
  ['collect', '/healthz', {}, 200],
  ['collect', '/t.js', {}, 200],
  ['forms', '/s/form.js', {}, 200],
  ['admin', '/api/writeups', { headers: { authorization: adminHeaders.authorization } }, 200],
  ['admin', '/login', {}, 200],
  ['hooks', '/hooks/github', { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'ping' }, body: '{"zen":"hi"}' }, 401],
];

describe('behind the edge (EDGE_SECRET set)', () => {
  it.each(asked)('%s refuses %s that went around the edge, and answers it through the edge', async (name, path, init, through) => {
    const app = apps[name];
    const headersOf = (extra: Record<string, string>) => ({ ...(init.headers as Record<string, string> | undefined), ...extra });
    const aroundTheEdge: Array<Record<string, string>> = [
      {},
      { [EDGE_SECRET_HEADER]: 'a-guess' },
      { [EDGE_SECRET_HEADER]: `${SECRET}x` },
      { 'cloudfront-viewer-address': '203.0.113.9:1' },
    ];
    for (const extra of aroundTheEdge) {
      const res = await app.request(path, { ...init, headers: headersOf(extra) }, lambda('198.51.100.7'));
      expect(res.status, `${path} with ${JSON.stringify(extra)}`).toBe(403);
      expect((await res.json()).error.code).toBe('forbidden');
    }
    const res = await app.request(path, { ...init, headers: headersOf(viaEdge()) }, CLOUDFRONT);
    expect(res.status).toBe(through);
  });

  it("counts readers at CloudFront's viewer address, and nothing sent around the edge", async () => {
    const throughEdge = (app: Hono, path: string, init: RequestInit = {}) =>
      app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...viaEdge() } }, CLOUDFRONT);
    const created = await throughEdge(apps.admin, '/api/writeups', {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ id: 'edge-readers', title: 'Edge readers', url: 'https://docs.example.com/pir/edge-readers' }),
    });
    expect(created.status).toBe(201);
    const beacon = (headers: Record<string, string>, env = CLOUDFRONT) =>
      apps.collect.request(
        '/e',
        {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, ...headers },
          body: JSON.stringify({ w: 'edge-readers', k: 'view', u: 'https://docs.example.com/pir/edge-readers', r: null, v: newVisitId() }),
        },
        env,
      );
    // Two viewers, both reaching the API from the same CloudFront address: two readers.
    expect((await beacon(viaEdge('203.0.113.10:1000'))).status).toBe(202);
    expect((await beacon(viaEdge('2001:db8::11:443'))).status).toBe(202);
    // Straight to the API's own endpoint, however it dresses up: refused, not counted.
    expect((await beacon({ 'cloudfront-viewer-address': '203.0.113.12:1' }, lambda('198.51.100.7'))).status).toBe(403);
    await settled();
    const res = await throughEdge(apps.admin, '/api/writeups/edge-readers/report', { headers: { authorization: adminHeaders.authorization } });
    expect(res.status).toBe(200);
    const { reads } = await res.json();
    expect(reads.views).toBe(2);
    expect(reads.readers).toBe(2);
  });
});
