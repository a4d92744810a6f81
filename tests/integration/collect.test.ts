import { beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../functions/data/client';
import { freePort } from '../../local/dynamodb-local';
import { localApp } from '../../local/server';
import { testDeps } from '../helpers/deps';
import { createWriteup } from '../helpers/apps';
import { gzippedSize, TRACKER_BUDGET_GZIPPED } from '../../web/build';

let app: ReturnType<typeof localApp>;
beforeAll(async () => {
  app = localApp(await testDeps());
});

describe('GET /t.js', () => {
  it('serves the minified tracker within its budget, cached for long, revalidated by ETag', async () => {
    const res = await app.request('/t.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toContain('max-age=86400');
    const body = await res.text();
    expect(body).toContain('keepalive');
    expect(body).not.toMatch(/document\.cookie|localStorage|sessionStorage/);
    expect(gzippedSize(body)).toBeLessThanOrEqual(TRACKER_BUDGET_GZIPPED);
    const etag = res.headers.get('etag')!;
    const again = await app.request('/t.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});

describe('GET /go/{id}', () => {
  it('sends the reader to the write-up at once', async () => {
    await createWriteup(app, 'go-target');
    const res = await app.request('/go/go-target?from=chat');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://docs.example.com/pir/go-target');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('shows a not-found page for an unknown id', async () => {
    for (const path of ['/go/nobody', '/go/NOT%20AN%20ID']) {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('Not found');
    }
  });
});

describe('GET /healthz', () => {
  it('answers 200 while the store answers', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers 503 with Retry-After, quickly, when the store cannot be reached; beacons too', async () => {
    const port = await freePort();
    const down = localApp(await testDeps({ store: createStore({ table: 'gone', endpoint: `http://127.0.0.1:${port}` }) }));
    const started = Date.now();
    const res = await down.request('/healthz');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await res.json()).error.code).toBe('unavailable');
    const beacon = await down.request('/e', {
      method: 'POST',
      headers: { 'user-agent': 'Mozilla/5.0 Firefox/130' },
      body: JSON.stringify({ w: 'any', k: 'view', u: 'https://e.com/', r: null, v: 'visit-123456' }),
    });
    expect(beacon.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('pages that do not exist', () => {
  it('answer an HTML 404 to people', async () => {
    const res = await app.request('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
