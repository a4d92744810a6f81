import { beforeAll, describe, expect, it } from 'vitest';
import { localApp } from '../../local/server';
import { adminHeaders, testDeps } from '../helpers/deps';
import { createWriteup } from '../helpers/apps';

let app: ReturnType<typeof localApp>;
beforeAll(async () => {
  app = localApp(await testDeps());
});

const post = (body: unknown, headers: Record<string, string> = adminHeaders) =>
  app.request('/api/writeups', { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('admin API: write-ups', () => {
  it('creates a write-up and reads it back', async () => {
    const res = await post({
      id: 'payments-outage',
      title: ' Payments outage ',
      url: 'https://docs.example.com/pir/payments',
      incidentDate: '2026-02-03',
      publishedAt: '2026-02-10T09:30:00+01:00',
      tags: ['Payments', 'payments', 'db'],
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/writeups/payments-outage');
    const created = await res.json();
    expect(created).toMatchObject({
      id: 'payments-outage',
      title: 'Payments outage',
      incidentDate: '2026-02-03',
      publishedAt: '2026-02-10T08:30:00.000Z',
      tags: ['payments', 'db'],
    });
    const read = await app.request('/api/writeups/payments-outage', { headers: adminHeaders });
    expect(await read.json()).toEqual(created);
  });

  it('answers 409 when the id is taken, and keeps the first', async () => {
    await createWriteup(app, 'taken');
    const res = await post({ id: 'taken', title: 'Another', url: 'https://example.com/other' });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('conflict');
    const read = await (await app.request('/api/writeups/taken', { headers: adminHeaders })).json();
    expect(read.title).toBe('Write-up taken');
  });

  it.each([
    ['a bad id', { id: 'Bad Id', title: 't', url: 'https://e.com' }, 'id'],
    ['a javascript: url', { id: 'js-url', title: 't', url: 'javascript:alert(1)' }, 'url'],
    ['an empty title', { id: 'no-title', title: '  ', url: 'https://e.com' }, 'title'],
    ['a long title', { id: 'long-title', title: 'x'.repeat(201), url: 'https://e.com' }, 'title'],
    ['an impossible date', { id: 'bad-date', title: 't', url: 'https://e.com', incidentDate: '2026-02-30' }, 'incidentDate'],
    ['too many tags', { id: 'many-tags', title: 't', url: 'https://e.com', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
    ['an unknown field', { id: 'extra', title: 't', url: 'https://e.com', owner: 'me' }, ''],
  ])('refuses %s with 400, naming the field, and stores nothing', async (_name, body, path) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    const id = (body as { id: string }).id;
    if (/^[a-z0-9][a-z0-9-]*$/.test(id)) {
      expect((await app.request(`/api/writeups/${id}`, { headers: adminHeaders })).status).toBe(404);
    }
  });

  it('refuses a body that is not JSON, and one over 64 KB', async () => {
    expect((await post('{"id": ')).status).toBe(400);
    const huge = await post({ id: 'huge', title: 't', url: 'https://e.com', notes: 'x'.repeat(70_000) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe('payload_too_large');
  });

  it('lists write-ups in pages', async () => {
    for (const id of ['list-a', 'list-b', 'list-c']) await createWriteup(app, id);
    const first = await (await app.request('/api/writeups?limit=2', { headers: adminHeaders })).json();
    expect(first.writeups).toHaveLength(2);
    expect(first.next).toBeDefined();
    const ids: string[] = first.writeups.map((w: { id: string }) => w.id);
    let next = first.next;
    while (next) {
      const page = await (await app.request(`/api/writeups?limit=2&after=${next}`, { headers: adminHeaders })).json();
      ids.push(...page.writeups.map((w: { id: string }) => w.id));
      next = page.next;
    }
    expect(ids).toEqual(expect.arrayContaining(['list-a', 'list-b', 'list-c']));
    expect([...ids].sort()).toEqual(ids);
    expect((await app.request('/api/writeups?limit=0', { headers: adminHeaders })).status).toBe(400);
  });

  it('updates only the named fields, clears with null, and 404s an unknown id', async () => {
    await createWriteup(app, 'patched', { incidentDate: '2026-01-01', tags: ['a'] });
    const res = await app.request('/api/writeups/patched', {
      method: 'PATCH',
      headers: adminHeaders,
      body: JSON.stringify({ title: 'New title', incidentDate: null }),
    });
    expect(res.status).toBe(200);
    const updated = await res.json();
    expect(updated).toMatchObject({ title: 'New title', tags: ['a'], url: 'https://docs.example.com/pir/patched' });
    expect(updated.incidentDate).toBeUndefined();
    const missing = await app.request('/api/writeups/nope', { method: 'PATCH', headers: adminHeaders, body: '{"title":"x"}' });
    expect(missing.status).toBe(404);
    const empty = await app.request('/api/writeups/patched', { method: 'PATCH', headers: adminHeaders, body: '{}' });
    expect(empty.status).toBe(400);
    const idChange = await app.request('/api/writeups/patched', { method: 'PATCH', headers: adminHeaders, body: '{"id":"x"}' });
    expect(idChange.status).toBe(400);
  });

  it('keeps both of two concurrent edits to different fields', async () => {
    await createWriteup(app, 'concurrent-edit');
    const patch = (body: unknown) => app.request('/api/writeups/concurrent-edit', { method: 'PATCH', headers: adminHeaders, body: JSON.stringify(body) });
    await Promise.all([patch({ title: 'Edited title' }), patch({ tags: ['edited'] })]);
    const read = await (await app.request('/api/writeups/concurrent-edit', { headers: adminHeaders })).json();
    expect(read).toMatchObject({ title: 'Edited title', tags: ['edited'] });
  });

  it('hands out the embed snippets on the public URL', async () => {
    await createWriteup(app, 'embedded');
    const res = await app.request('/api/writeups/embedded/embed', { headers: adminHeaders });
    expect(await res.json()).toMatchObject({
      script: '<script defer src="https://signals.example.com/t.js" data-writeup="embedded"></script>',
      goLink: 'https://signals.example.com/go/embedded',
    });
    expect((await app.request('/api/writeups/missing/embed', { headers: adminHeaders })).status).toBe(404);
  });

  it('refuses every admin route without the right bearer token', async () => {
    for (const [method, path] of [
      ['GET', '/api/writeups'],
      ['POST', '/api/writeups'],
      ['GET', '/api/writeups/embedded'],
      ['PATCH', '/api/writeups/embedded'],
      ['GET', '/api/writeups/embedded/embed'],
      ['GET', '/api/writeups/embedded/report'],
    ]) {
      for (const authorization of [undefined, 'Bearer wrong', `Bearer ${adminHeaders.authorization.slice(7, -1)}`, 'Basic abc']) {
        const res = await app.request(path!, { method, headers: authorization ? { authorization } : {} });
        expect(res.status, `${method} ${path} with ${authorization}`).toBe(401);
        expect((await res.json()).error.code).toBe('unauthorized');
      }
    }
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await app.request('/api/nothing-here', { headers: adminHeaders });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});
