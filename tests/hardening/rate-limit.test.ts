import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { BROWSER_UA, testDeps } from '../helpers/deps';
import { createWriteup, newVisitId } from '../helpers/apps';
import { recordFigure } from '../helpers/figures';

let app: ReturnType<typeof localApp>;
beforeAll(async () => {
  app = localApp(await testDeps(), { beacons: { max: 5, windowMs: 400 }, forms: { max: 3, windowMs: 400 }, login: { max: 2, windowMs: 400 } });
  await createWriteup(app, 'limited');
});

const beacon = (address: string) =>
  app.request('/e', {
    method: 'POST',
    headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': address },
    body: JSON.stringify({ w: 'limited', k: 'view', u: 'https://docs.example.com/pir/limited', r: null, v: newVisitId() }),
  });

describe('rate limits on public POST routes (local server)', () => {
  it('answer 429 with Retry-After past the limit, per address, and let the address back after the window', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await beacon('198.51.100.77')).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const limited = await beacon('198.51.100.77');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect((await beacon('198.51.100.78')).status).toBe(202);
    await new Promise((r) => setTimeout(r, 450));
    expect((await beacon('198.51.100.77')).status).toBe(202);
    recordFigure('rate limits: a sixth beacon within the window from one address got 429 with Retry-After; other addresses and the next window went through');
  });

  it('limit forms and the login too, but never reads', async () => {
    const post = (path: string) =>
      app.request(path, { method: 'POST', headers: { 'x-forwarded-for': '198.51.100.90', accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x' });
    const forms = [];
    for (let i = 0; i < 4; i++) forms.push((await post('/c/AAAAAAAAAAAAAAAAAAAAAA')).status);
    expect(forms).toEqual([404, 404, 404, 429]);
    const logins = [];
    for (let i = 0; i < 3; i++) logins.push((await post('/login')).status);
    expect(logins.at(-1)).toBe(429);
    for (let i = 0; i < 10; i++) expect((await app.request('/t.js', { headers: { 'x-forwarded-for': '198.51.100.90' } })).status).toBe(200);
  });
});
