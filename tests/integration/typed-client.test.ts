import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localApp, NO_LIMITS } from '../../local/server';
import { ADMIN_TOKEN, testDeps } from '../helpers/deps';
import { serveApp, type Running } from '../helpers/servers';

// A client made from the OpenAPI document alone, as an integrator makes one:
// openapi-typescript turns the document into types, and a small program using
// openapi-fetch must compile against real fields (a write-up's id, a report's
// reads, a review's check-in link) and then run against the server.

const dir = join(import.meta.dirname, '..', '.artifacts', 'typed-client');

const program = `import createClient from 'openapi-fetch';
import type { paths } from './api';

const client = createClient<paths>({ baseUrl: process.argv[2], headers: { authorization: \`Bearer \${process.argv[3]}\` } });

const created = await client.POST('/api/writeups', { body: { id: 'typed-client', title: 'Typed client', url: 'https://docs.example.com/typed-client' } });
if (!created.data) throw new Error(\`create: \${created.response.status} \${created.error?.error.message}\`);
const id: string = created.data.id;

const report = await client.GET('/api/writeups/{id}/report', { params: { path: { id }, query: { from: '2026-01-01', to: '2026-01-31' } } });
if (!report.data) throw new Error('report');
const views: number = report.data.reads.views;
const days: number = report.data.reads.byDay.length;

const review = await client.POST('/api/writeups/{id}/reviews', { params: { path: { id } }, body: { startsAt: '2026-01-15T10:00:00Z' } });
if (!review.data) throw new Error('review');
const checkinUrl: string = review.data.checkinUrl;

const missing = await client.GET('/api/writeups/{id}', { params: { path: { id: 'no-such-write-up' } } });
const code: string | undefined = missing.error?.error.code;

console.log(JSON.stringify({ id, views, days, checkinUrl, code }));
`;

let server: Running;

beforeAll(async () => {
  server = await serveApp(localApp(await testDeps({ publicUrl: undefined }), NO_LIMITS));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const document = await (await fetch(`${server.url}/api/openapi.json`)).json();
  writeFileSync(join(dir, 'api.ts'), astToString(await openapiTS(document)));
  writeFileSync(join(dir, 'client.ts'), program);
}, 60_000);

afterAll(() => server.close());

describe('a typed client generated from the OpenAPI document', () => {
  it('compiles against real fields of the answers', () => {
    const compiled = ts.createProgram([join(dir, 'client.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: ['node'],
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(compiled).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  }, 60_000);

  it('runs against the server and reads what the types promise', async () => {
    // Not spawnSync: the server answering it runs in this process.
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(dir, 'client.ts'), server.url, ADMIN_TOKEN], {
      encoding: 'utf8',
      cwd: dir,
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    const seen = JSON.parse(run.stdout);
    expect(seen).toEqual({ id: 'typed-client', views: 0, days: 31, checkinUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/c\//), code: 'not_found' });
  }, 60_000);
});
