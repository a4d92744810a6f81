import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { adminHeaders, loginCookie, testDeps } from '../helpers/deps';

const OWN = 'https://signals.example.com';
let app: ReturnType<typeof localApp>;
let cookie: string;

beforeAll(async () => {
  const deps = await testDeps();
  app = localApp(deps);
  cookie = await loginCookie(deps);
});

const page = (path: string) => app.request(`${OWN}${path}`, { headers: { cookie, accept: 'text/html' } });
const post = (path: string, fields: Record<string, string>) =>
  app.request(`${OWN}${path}`, {
    method: 'POST',
    headers: { cookie, origin: OWN, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });

describe('the survey editor', () => {
  it('labels each question’s choices as for choice questions only, in a box the script shows only for them', async () => {
    const html = await (await page('/templates/new')).text();
    expect(html).toContain(
      '<div data-choices-for="field-q0.type"><div class="field"><label for="field-q0.options">Choices (for choice questions only)</label>',
    );
    const script = await (await app.request('/assets/dashboard.js')).text();
    expect(script).toContain("document.querySelectorAll('[data-choices-for]')");
    expect(script).toContain("type.value !== 'choice' && type.value !== 'multi'");
  });

  it('leaves out choices typed for a question that is not a choice, and keeps them for one that is', async () => {
    const res = await post('/templates', {
      rows: '8',
      id: 'quick-check',
      title: 'Quick check',
      'q0.id': 'story',
      'q0.prompt': 'What story will you tell about it?',
      'q0.type': 'longtext',
      'q0.options': 'left over\nfrom a choice',
      'q1.id': 'again',
      'q1.prompt': 'Would you come again?',
      'q1.type': 'choice',
      'q1.options': 'yes\nno',
    });
    expect(res.status).toBe(303);
    const saved = await (await app.request('/api/survey-templates/quick-check', { headers: adminHeaders })).json();
    expect(saved.questions).toEqual([
      { id: 'story', prompt: 'What story will you tell about it?', type: 'longtext' },
      { id: 'again', prompt: 'Would you come again?', type: 'choice', options: ['yes', 'no'] },
    ]);
  });

  it('the preview links back to the editor', async () => {
    const html = await (await page('/templates/quick-check/preview')).text();
    expect(html).toContain('<a href="/templates/quick-check">← Back to editing “Quick check”</a>');
    const built = await (await page('/templates/post-review-v1/preview')).text();
    // The built-in survey is not edited, only copied: its page is where the preview goes back to.
    expect(built).toMatch(/<a href="\/templates\/post-review-v1">← Back to “[^”]+”<\/a>/);
  });
});
