import { createConfig, lintFromString } from '@redocly/openapi-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminApp } from '../../functions/admin/app';
import { servedBy } from '../../functions/operations';
import { honoPath } from '../../functions/shared/operation';
import { createWriteupSchema } from '../../functions/domain/writeup';
import { localApp, NO_LIMITS } from '../../local/server';
import { testDeps } from '../helpers/deps';
import { recordFigure } from '../helpers/figures';

let app: ReturnType<typeof localApp>;
let routes: Array<{ method: string; path: string }>;
let document: {
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        security?: unknown[];
        'x-required-role'?: string;
        requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
      }
    >
  >;
};

beforeAll(async () => {
  const deps = await testDeps({ publicUrl: 'https://signals.acme.test' });
  app = localApp(deps, NO_LIMITS);
  routes = adminApp(deps).routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && !r.path.endsWith('*'));
  const res = await app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  document = await res.json();
});

describe('the OpenAPI document (GET /api/openapi.json)', () => {
  it("is public, OpenAPI 3.1, and passes Redocly's recommended rules with no error and no warning", async () => {
    expect((document as unknown as { openapi: string }).openapi).toBe('3.1.0');
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
    const described = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(described).toEqual([]);
    recordFigure(
      `OpenAPI: ${Object.values(document.paths).reduce((n, ops) => n + Object.keys(ops).length, 0)} operations, Redocly recommended rules: 0 errors, 0 warnings`,
    );
  });

  it('holds every API route of the app, each with its summary and the role it needs', () => {
    for (const route of routes) {
      const operation = document.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeTruthy();
      expect(operation!.summary, `${route.method} ${route.path}`).toBeTruthy();
      const rule = servedBy('admin').find((op) => op.method.toUpperCase() === route.method && honoPath(op.path) === route.path)!;
      expect(operation!['x-required-role']).toBe(rule.access);
      expect(operation!.security).toEqual(rule.access === 'public' ? [] : [{ bearerToken: [] }, { sessionCookie: [] }]);
    }
  });

  it('describes request bodies from the schemas that validate them', () => {
    const body = document.paths['/api/writeups']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(body.properties ?? {}).sort()).toEqual(Object.keys(createWriteupSchema.shape).sort());
    expect(body.required).toEqual(expect.arrayContaining(['id', 'title', 'url']));
    expect(document.paths['/api/tokens']!.post!.requestBody!.content['application/json']!.schema.properties).toHaveProperty('expiresInDays');
    expect(document.paths['/api/people/{email}']!.put!.requestBody!.content['application/json']!.schema.properties).toHaveProperty('role');
  });

  it('renders as a page at /api/docs, public too', async () => {
    const res = await app.request('/api/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('POST /api/writeups');
    expect(html).toContain('Create a personal API token');
    expect(html).toContain('href="/api/openapi.json"');
  });
});
