import { beforeAll, describe, expect, it } from 'vitest';
import { referenceFinder } from '../../functions/domain/references';
import { localApp } from '../../local/server';
import { createWriteup } from '../helpers/apps';
import { adminHeaders, loginCookie, testDeps } from '../helpers/deps';

// A write-up's copies (Confluence, Google Docs, Notion) count as the write-up.
const OWN = 'https://signals.example.com';
const CONFLUENCE = 'https://acme.atlassian.net/wiki/spaces/OPS/pages/123456/Queue+backlog';
const DOCS = 'https://docs.google.com/document/d/1AbCdEf/edit';
let app: ReturnType<typeof localApp>;
let cookie: string;

beforeAll(async () => {
  const deps = await testDeps();
  app = localApp(deps);
  cookie = await loginCookie(deps);
  await createWriteup(app, 'queue-backlog', { url: 'https://wiki.example.com/pir/queue-backlog', copies: [CONFLUENCE, DOCS] });
  await createWriteup(app, 'dns-outage');
});

const link = async (writeup: string, url: string) =>
  (await app.request(`/api/writeups/${writeup}/links`, { method: 'POST', headers: adminHeaders, body: JSON.stringify({ url }) })).json();

describe("a write-up's copies", () => {
  it('are kept with the write-up, at most 10, each a web address once', async () => {
    const read = await (await app.request('/api/writeups/queue-backlog', { headers: adminHeaders })).json();
    expect(read.copies).toEqual([CONFLUENCE, DOCS]);
    const patch = (body: unknown) => app.request('/api/writeups/dns-outage', { method: 'PATCH', headers: adminHeaders, body: JSON.stringify(body) });
    const tooMany = await patch({ copies: Array.from({ length: 11 }, (_, i) => `https://docs.example.com/${i}`) });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.issues[0]).toMatchObject({ path: 'copies', message: 'at most 10 copies' });
    expect((await patch({ copies: [DOCS.replace('1AbCdEf', 'x'), DOCS.replace('1AbCdEf', 'x')] })).status).toBe(400);
    expect((await patch({ copies: ['ftp://files.example.com/x'] })).status).toBe(400);
  });

  it('make a link from a copy a link between write-ups, and move when they change', async () => {
    expect((await link('dns-outage', CONFLUENCE)).kind).toBe('writeup');
    const patched = await app.request('/api/writeups/queue-backlog', { method: 'PATCH', headers: adminHeaders, body: JSON.stringify({ copies: [DOCS] }) });
    expect(patched.status).toBe(200);
    // The copy taken off no longer points to the write-up (a link from it is now a doc); the one kept still does.
    await createWriteup(app, 'third');
    expect((await link('third', CONFLUENCE)).kind).toBe('doc');
    expect((await link('third', DOCS)).kind).toBe('writeup');
  });

  it('are found by the repository scanner as the write-up', async () => {
    const find = referenceFinder([{ id: 'queue-backlog', url: 'https://wiki.example.com/pir/queue-backlog', copies: [CONFLUENCE] }], OWN);
    expect([...find(`// see ${CONFLUENCE} for why the queue is bounded`)]).toEqual(['queue-backlog']);
  });

  it('are edited on the write-up form, one a line, with a bad one named beside the field', async () => {
    const form = (fields: Record<string, string>) =>
      app.request(`${OWN}/writeups/dns-outage/edit`, {
        method: 'POST',
        headers: { cookie, origin: OWN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });
    const bad = await form({ title: 'DNS outage', url: 'https://docs.example.com/pir/dns-outage', copies: `${DOCS}-dns\nnot-a-url` });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="field-copies-error">must be an http or https URL/);
    const good = await form({
      title: 'DNS outage',
      url: 'https://docs.example.com/pir/dns-outage',
      copies: `https://acme.notion.site/DNS-outage-42\n${DOCS}-dns`,
    });
    expect(good.status).toBe(303);
    const page = await (await app.request(`${OWN}/writeups/dns-outage`, { headers: { cookie } })).text();
    expect(page).toContain('Also at: ');
    expect(page).toContain('href="https://acme.notion.site/DNS-outage-42"');
  });
});
