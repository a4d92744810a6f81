import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { createWriteup, report } from '../helpers/apps';
import { BROWSER_UA, loginCookie, settled, testDeps } from '../helpers/deps';

let app: ReturnType<typeof localApp>;
let cookie: string;

beforeAll(async () => {
  const deps = await testDeps({ now: () => new Date('2026-06-10T12:00:00Z') });
  app = localApp(deps);
  cookie = await loginCookie(deps);
  await createWriteup(app, 'queue-stall', { title: 'The queue stalled' });
});

const page = async (path: string) => {
  await settled();
  return app.request(path, { headers: { cookie, accept: 'text/html' } });
};
const codeOf = (html: string, id: string) => html.match(new RegExp(`<code id="${id}">([^<]*)</code>`))?.[1]?.replaceAll('&amp;', '&');

describe("the write-up page's go-link builder", () => {
  it('offers every kind of place in a form that works without scripts, keeping the range', async () => {
    const html = await (await page('/writeups/queue-stall?from=2026-05-01&to=2026-06-10')).text();
    expect(html).toContain('<form class="range" method="get" action="/writeups/queue-stall#go-link-builder"');
    expect(html).toContain('<input type="hidden" name="from" value="2026-05-01"/>');
    for (const kind of ['code', 'commit', 'pull-request', 'diagram', 'writeup', 'onboarding', 'chat', 'doc', 'ticket', 'other']) {
      expect(html).toContain(`<option value="${kind}"`);
    }
    expect(html).toContain('Onboarding material (onboarding)');
    // Nothing built until a kind is picked.
    expect(codeOf(html, 'snippet-golink-built')).toBeUndefined();
    // Why a referrer is only a site, said on the page.
    expect(html).toContain('browsers send only that site&#39;s address (its origin');
  });

  it('shows the go-link for the kind picked, with its copy button, and a click on it counts on that kind', async () => {
    const res = await page('/writeups/queue-stall?from=2026-05-01&to=2026-06-10&golink=onboarding');
    expect(res.status).toBe(200);
    const html = await res.text();
    const built = codeOf(html, 'snippet-golink-built');
    expect(built).toBe('https://signals.example.com/go/queue-stall?from=onboarding');
    expect(html).toContain('<option value="onboarding" selected="">');
    expect(html).toContain('data-copy="snippet-golink-built"');
    // Followed from a wiki that sends only its origin: the click is an onboarding link all the same.
    const click = await app.request(new URL(built!).pathname + new URL(built!).search, {
      headers: { referer: 'https://wiki.example.com/', 'user-agent': BROWSER_UA, 'x-forwarded-for': '198.51.100.7' },
    });
    expect(click.status).toBe(302);
    expect((await report(app, 'queue-stall')).links.byKind).toMatchObject({ onboarding: 1 });
  });

  it('says beside the field when the kind is not one it knows (400), and builds nothing', async () => {
    const res = await page('/writeups/queue-stall?golink=billboard');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Where the link will be must be one of: code, commit');
    expect(html).toContain('aria-invalid="true"');
    expect(codeOf(html, 'snippet-golink-built')).toBeUndefined();
  });
});
