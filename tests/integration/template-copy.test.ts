import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/shared/deps';
import { localApp } from '../../local/server';
import { adminHeaders, loginCookie, testDeps } from '../helpers/deps';
import { allItems } from '../helpers/table';

// Adapting the survey: any survey, the built-in one too, copied as a new one to change and save as its own.
const OWN = 'https://signals.example.com';
let deps: AppDeps;
let app: ReturnType<typeof localApp>;
let cookie: string;

beforeAll(async () => {
  deps = await testDeps({ now: () => new Date('2026-12-02T12:00:00Z') });
  app = localApp(deps);
  cookie = await loginCookie(deps);
});

const api = (method: string, path: string, body?: unknown) =>
  app.request(`${OWN}${path}`, { method, headers: adminHeaders, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const page = async (path: string) => (await app.request(`${OWN}${path}`, { headers: { cookie, accept: 'text/html' } })).text();
const form = (path: string, fields: Record<string, string>) =>
  app.request(`${OWN}${path}`, {
    method: 'POST',
    headers: { cookie, origin: OWN, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
const templateItems = async () => (await allItems(deps.store)).filter((item) => String(item.pk).startsWith('TEMPLATE')).length;

describe('copying a survey', () => {
  it('makes the built-in survey a new one of its own, version 1, with the same questions', async () => {
    const builtIn = await (await api('GET', '/api/survey-templates/post-review-v1')).json();
    const res = await api('POST', '/api/survey-templates/post-review-v1/copy', { id: 'our-review', title: 'Our review' });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/survey-templates/our-review/versions/1');
    const copy = await res.json();
    expect(copy).toEqual({ id: 'our-review', title: 'Our review', version: 1, questions: builtIn.questions });
    // Then it changes as any survey does: a new version.
    const changed = await api('POST', '/api/survey-templates', {
      ...copy,
      version: undefined,
      questions: [...copy.questions, { id: 'extra', type: 'longtext', prompt: 'Anything else?' }],
    });
    expect((await changed.json()).version).toBe(2);
    const audit = await (await api('GET', '/api/audit?from=2026-12-02&to=2026-12-02')).json();
    expect(JSON.stringify(audit)).toContain('template.copy');
  });

  it('refuses a taken id, the built-in id and a bad one, and an unknown survey, storing nothing', async () => {
    const before = await templateItems();
    const taken = await api('POST', '/api/survey-templates/post-review-v1/copy', { id: 'our-review', title: 'Again' });
    expect(taken.status).toBe(409);
    expect((await api('POST', '/api/survey-templates/our-review/copy', { id: 'post-review-v1', title: 'Built in' })).status).toBe(409);
    const bad = await api('POST', '/api/survey-templates/post-review-v1/copy', { id: 'Not An Id', title: '' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['id', 'title']);
    expect((await api('POST', '/api/survey-templates/no-such-survey/copy', { id: 'x-copy', title: 'X' })).status).toBe(404);
    expect(await templateItems()).toBe(before);
  });
});

describe('the survey pages', () => {
  it('show the built-in survey with a copy form, not a save it would refuse', async () => {
    const html = await page('/templates/post-review-v1');
    expect(html).not.toContain('Save a new version');
    expect(html).toContain('Copy as a new survey');
    expect(html).toContain('value="post-review-v1-copy"');
  });

  it('copy from the page, then say so on the copy’s page', async () => {
    const res = await form('/templates/post-review-v1/copy', { copyId: 'team-review', copyTitle: 'Team review' });
    expect(res.status).toBe(303);
    const next = res.headers.get('location')!;
    expect(next).toMatch(/^\/templates\/team-review\?copied=/);
    const html = await page(next);
    expect(html).toContain('saved as version 1: change it and save a new version');
    expect(html).toContain('Save a new version');
    const again = await form('/templates/post-review-v1/copy', { copyId: 'team-review', copyTitle: 'Team review' });
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/(&quot;|")team-review(&quot;|") is taken by another survey/);
  });

  it('confirm a saved version', async () => {
    const html = await page('/templates/team-review?saved=1');
    expect(html).toContain('Saved as version 1.');
  });
});

describe('the survey editor', () => {
  it('names a problem by the question’s number on the form, and links to it', async () => {
    const res = await form('/templates', {
      rows: '8',
      id: 'numbered',
      title: 'Numbered',
      'q0.prompt': 'What surprised you?',
      'q0.id': 'surprise',
      'q0.type': 'longtext',
      'q7.prompt': 'Pick one',
      'q7.id': 'pick',
      'q7.type': 'choice',
      'q7.options': 'only one',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<a href="#field-q7">Question 8: /);
    expect(html).toContain('id="field-q7"');
    expect(html).not.toMatch(/>q7: /);
  });
});
