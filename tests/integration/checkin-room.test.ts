import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { createWriteup, requestsTo } from '../helpers/apps';
import { loginCookie, testDeps } from '../helpers/deps';

let app: ReturnType<typeof localApp>;
let cookie: string;
let review: { id: string; checkinUrl: string };
const { api, form } = requestsTo(() => app);

beforeAll(async () => {
  const deps = await testDeps({ now: () => new Date('2026-07-01T09:05:00Z') });
  app = localApp(deps);
  cookie = await loginCookie(deps);
  await createWriteup(app, 'cache-storm', { title: 'The cache storm' });
  review = await (await api('/api/writeups/cache-storm/reviews', { startsAt: '2026-07-01T09:00:00Z', title: 'Cache storm review' })).json();
});

const checkinPath = () => new URL(review.checkinUrl).pathname;

describe('after a check-in', () => {
  it('on their own phone, a person keeps their thanks: no reset for a next person', async () => {
    const formPage = await (await app.request(checkinPath())).text();
    expect(formPage).toContain(`action="${checkinPath()}"`);
    expect(formPage).not.toContain('This is the room&#39;s check-in');
    const res = await form(checkinPath(), { name: 'Priya Raman', invited: 'yes' });
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).toContain('You&#39;re checked in');
    expect(html).toContain('You can close this page');
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).not.toContain('data-reset-after');
    expect(html).not.toContain('Check in the next person');
  });

  it("on the room's screen (?room=1), the form comes back for the next person after 8 seconds, with or without scripts", async () => {
    const room = `${checkinPath()}?room=1`;
    const formPage = await (await app.request(room)).text();
    // The form posts back to the room's screen, so the answer knows where it is.
    expect(formPage).toContain(`action="${room}"`);
    expect(formPage).toContain('This is the room&#39;s check-in: after each check-in it comes back for the next person.');
    const res = await form(room, { name: 'Sam Okafor', invited: 'yes' });
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).toContain(`<a class="button" href="${room}" data-reset-after="8">Check in the next person</a>`);
    // The script resets it; without scripts the refresh in <noscript> does.
    expect(html).toContain('<script defer="" src="/s/form.js"></script>');
    expect(html).toContain(`<noscript><meta http-equiv="refresh" content="8;url=${room}"></noscript>`);
    expect(html).toContain('This screen comes back for the next person in 8 seconds.');
    const script = await (await app.request('/s/form.js')).text();
    expect(script).toContain("document.querySelector('[data-reset-after]')");
    // A refused check-in on the room's screen stays on it.
    const refused = await form(room, { name: '' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(`action="${room}"`);
  });

  it("the review's page offers the room's check-in for a shared device", async () => {
    const html = await (await app.request(`/reviews/${review.id}`, { headers: { cookie, accept: 'text/html' } })).text();
    expect(html).toContain(`href="${review.checkinUrl}?room=1">Check people in on a shared device</a>`);
  });
});
