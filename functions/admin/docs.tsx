import { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';
import { publicUrlOf, type AppDeps } from '../shared/deps';
import { DashboardPage } from './dashboard/layout';
import { ROUTE_TABLE, type RouteRule } from './route-table';

type Operation = OpenAPIV3_1.OperationObject;

const TAGS: Record<string, string> = {
  me: 'The caller',
  writeups: 'Post-incident write-ups, their links, reviews and reports',
  links: 'Links registered in bulk',
  reviews: 'Review meetings: attendance, check-in, survey links',
  'survey-templates': 'Post-review surveys',
  report: "The organization's signals",
  export: 'CSV exports',
  recount: 'Healing counts from the facts',
  tokens: 'Personal API tokens',
  people: 'People and their roles',
  audit: 'The audit trail',
  docs: 'This description',
};

const day = (name: string, description: string): OpenAPIV3_1.ParameterObject => ({ name, in: 'query', required: false, description, schema: { type: 'string', format: 'date' } });
const RANGE = [day('from', 'First day, inclusive (UTC); default: 89 days before `to`'), day('to', 'Last day, inclusive (UTC); default: today')];
/** Query parameters, which the routes read themselves. */
const QUERIES: Record<string, OpenAPIV3_1.ParameterObject[]> = {
  'GET /api/writeups': [
    { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
    { name: 'after', in: 'query', required: false, description: 'The last id of the previous page', schema: { type: 'string' } },
  ],
  'GET /api/writeups/:id/report': [...RANGE, { name: 'links', in: 'query', required: false, description: 'How many links to list, busiest first', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 25 } }],
  'GET /api/report': [...RANGE, { name: 'bucket', in: 'query', required: false, schema: { type: 'string', enum: ['week', 'month'], default: 'month' } }],
  'GET /api/audit': RANGE,
};

const errorSchema: OpenAPIV3_1.SchemaObject = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: ['validation_failed', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'payload_too_large', 'rate_limited', 'unavailable'] },
        message: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};
const errorResponse = (description: string): OpenAPIV3_1.ResponseObject => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** An operation's group: the path's first segment after /api (the description itself under docs). */
const tagOf = (rule: RouteRule) => (rule.path === '/api/openapi.json' ? 'docs' : rule.path.split('/')[2]!);
const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');
const operationId = (rule: RouteRule) =>
  `${rule.method.toLowerCase()}${rule.path
    .replace(/^\/api/, '')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `By${cap(part.slice(1))}` : cap(part)))
    .join('')}`;
const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function success(rule: RouteRule): OpenAPIV3_1.ResponsesObject {
  if (rule.method === 'DELETE') return { '204': { description: 'Done' } };
  if (rule.path.endsWith('.csv')) return { '200': { description: 'A CSV file, its header first', content: { 'text/csv': { schema: { type: 'string' } } } } };
  if (rule.path === '/api/docs') return { '200': { description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } } };
  const created = rule.method === 'POST' && /(writeups|reviews|links|survey-links|tokens|survey-templates)$/.test(rule.path) && rule.path !== '/api/links';
  return { [created ? '201' : '200']: { description: created ? 'Created' : 'OK', content: { 'application/json': { schema: { type: 'object' } } } } };
}

/** One operation from the route table, with the request body the route's own schema declares. */
function operationOf(rule: RouteRule, generated: Operation | undefined): Operation {
  const params = [...rule.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]): OpenAPIV3_1.ParameterObject => ({ name: name!, in: 'path', required: true, schema: { type: 'string' } }));
  const isPublic = rule.access === 'public';
  return {
    operationId: operationId(rule),
    summary: rule.summary,
    description: isPublic ? 'Public: it holds no data.' : `Needs the **${rule.access}** role (or a higher one).`,
    tags: [tagOf(rule)],
    security: isPublic ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
    'x-required-role': rule.access,
    ...(params.length || QUERIES[`${rule.method} ${rule.path}`] ? { parameters: [...params, ...(QUERIES[`${rule.method} ${rule.path}`] ?? [])] } : {}),
    ...(generated?.requestBody ? { requestBody: generated.requestBody } : {}),
    responses: {
      ...success(rule),
      ...(generated?.requestBody || QUERIES[`${rule.method} ${rule.path}`] ? { '400': { $ref: '#/components/responses/ValidationFailed' } } : {}),
      ...(isPublic ? {} : { '401': { $ref: '#/components/responses/Unauthorized' }, '403': { $ref: '#/components/responses/Forbidden' } }),
      ...(params.length ? { '404': { $ref: '#/components/responses/NotFound' } } : {}),
      '413': { $ref: '#/components/responses/PayloadTooLarge' },
      '503': { $ref: '#/components/responses/Unavailable' },
    },
  } as Operation;
}

/** The OpenAPI 3.1 document: the route table's API routes, with the bodies their schemas validate. */
export async function openApiDocument(app: Hono, serverUrl: string): Promise<OpenAPIV3_1.Document> {
  const generated = (await generateSpecs(app, { documentation: {}, excludeStaticFile: false, defaultValidationErrorResponse: false })) as OpenAPIV3_1.Document;
  const paths: OpenAPIV3_1.PathsObject = {};
  for (const rule of ROUTE_TABLE.filter((r) => !r.page)) {
    const path = openApiPath(rule.path);
    const method = rule.method.toLowerCase() as OpenAPIV3_1.HttpMethods;
    paths[path] = { ...paths[path], [method]: operationOf(rule, generated.paths?.[path]?.[method] as Operation | undefined) };
  }
  const tags = [...new Set(ROUTE_TABLE.filter((r) => !r.page).map(tagOf))].map((name) => ({ name, description: TAGS[name] ?? name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Learning Signals API',
      version: '1.0.0',
      description:
        'Is our organization learning from its incidents? Write-ups, reviews, links and the signals they add up to. Authenticate with a personal API token (`Authorization: Bearer lsp_…`, made at /tokens), the admin token, or, from this site\'s own pages, a session cookie. Each operation names the role it needs: viewer < facilitator < admin.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: serverUrl }],
    tags,
    paths,
    components: {
      ...generated.components,
      schemas: { ...generated.components?.schemas, Error: errorSchema },
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token, or the admin token' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'ls_session', description: 'A signed-in session (`__Host-ls_session` over https); changes only with this site\'s Origin' },
      },
      responses: {
        ValidationFailed: errorResponse('Something in the request is not right: `issues` names each field'),
        Unauthorized: errorResponse('No credentials, or ones that are wrong, expired or revoked'),
        Forbidden: errorResponse("The caller's role may not do this"),
        NotFound: errorResponse('No such thing'),
        PayloadTooLarge: errorResponse('The body is over the limit (64 KB)'),
        Unavailable: errorResponse('The store is not answering; try again after `Retry-After` seconds'),
      },
    },
  } as OpenAPIV3_1.Document;
}

function DocsPage(props: { doc: OpenAPIV3_1.Document }) {
  const { doc } = props;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item ?? {}).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation: operation as Operation & { 'x-required-role': string } })),
  );
  return (
    <DashboardPage title="API reference">
      <h1>{doc.info.title}</h1>
      <p>
        {(doc.info.description ?? '').split('`').map((part, i) => (i % 2 ? <code>{part}</code> : part))}
      </p>
      <p>
        The machine-readable description: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are JSON:{' '}
        <code>{'{"error":{"code","message","issues"}}'}</code>.
      </p>
      {(doc.tags ?? []).map((tag) => (
        <section aria-labelledby={`tag-${tag.name}`}>
          <h2 id={`tag-${tag.name}`}>{tag.description}</h2>
          {operations
            .filter((op) => op.operation.tags?.includes(tag.name))
            .map(({ path, method, operation }) => {
              const body = (operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content?.['application/json']?.schema;
              return (
                <details>
                  <summary>
                    <code>{`${method} ${path}`}</code>
                    {` · ${operation.summary} · ${operation['x-required-role']}`}
                  </summary>
                  {operation.parameters?.length ? (
                    <p>
                      {'Parameters: '}
                      {(operation.parameters as OpenAPIV3_1.ParameterObject[]).map((p) => `${p.name} (${p.in}${p.required ? ', required' : ''})`).join(', ')}
                    </p>
                  ) : null}
                  {body ? <pre>{JSON.stringify(body, null, 2)}</pre> : null}
                  <p class="muted">{`Answers: ${Object.keys(operation.responses ?? {}).join(', ')}`}</p>
                </details>
              );
            })}
        </section>
      ))}
    </DashboardPage>
  );
}

/** `GET /api/openapi.json` and `GET /api/docs`, both public (they hold no data). */
export function docsRoutes(deps: AppDeps, appOf: () => Hono) {
  let document: Promise<OpenAPIV3_1.Document> | undefined;
  const documentFor = (url: string) => {
    const serverUrl = publicUrlOf(deps, url);
    document ??= openApiDocument(appOf(), serverUrl).catch((error) => {
      document = undefined;
      throw error;
    });
    return document;
  };
  return new Hono()
    .get('/openapi.json', async (c) => c.json(await documentFor(c.req.url)))
    .get('/docs', async (c) => c.html(<DocsPage doc={await documentFor(c.req.url)} />));
}
