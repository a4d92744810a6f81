import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';
import { MAX_BODY_BYTES, type ErrorStatus, type Operation } from './operation';
import { errorSchema } from './schemas';

/** What every error answer means, where an operation does not say more. */
const COMMON: Record<ErrorStatus, string> = {
  400: 'Something in the request is not right: `issues` names each field',
  401: 'No credentials, or ones that are wrong, expired or revoked',
  403: "The caller's role may not do this",
  404: 'No such thing',
  409: 'In conflict with what is stored',
  410: 'Gone',
  413: `The body is over the limit (${MAX_BODY_BYTES / 1024} KB unless the operation says otherwise)`,
  429: 'Too many requests from this address; try again after `Retry-After` seconds',
  502: 'A service it depends on failed',
  503: 'The store is not answering; try again after `Retry-After` seconds',
};

const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: errorSchema } } });

/** The statuses an operation may answer besides those it declares, from what its declaration says of it. */
export function commonStatuses(operation: Operation): ErrorStatus[] {
  const statuses: ErrorStatus[] = [];
  if (operation.request?.body || operation.request?.query) statuses.push(400);
  if (operation.access !== 'public') statuses.push(401, 403);
  if (operation.path.includes('{')) statuses.push(404);
  statuses.push(413);
  if (operation.rate) statuses.push(429);
  statuses.push(503);
  return statuses;
}

/** Every status an operation answers: its own, then the common ones, each error with the contract's body. */
export function responsesOf(operation: Operation): RouteConfig['responses'] {
  const responses: RouteConfig['responses'] = { ...operation.responses };
  for (const status of commonStatuses(operation)) responses[status] ??= errorAnswer(COMMON[status]);
  for (const [status, description] of Object.entries(operation.errors ?? {})) responses[status] = errorAnswer(description);
  return responses;
}

/**
 * The OpenAPI 3.1 document of the declared operations (pages aside): each
 * with its id, summary, role, audit action and rate class, its parameters and
 * body from the schemas that validate them, and every answer it gives.
 */
export function openApiDocument(operations: Operation[], serverUrl: string): OpenAPIV3_1.Document {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerToken', { type: 'http', scheme: 'bearer', description: 'A personal API token, or the admin token' });
  registry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'ls_session',
    description: "A signed-in session (`__Host-ls_session` over https); changes only with this site's Origin",
  });
  const documented = operations.filter((operation) => !operation.page);
  for (const operation of documented) {
    const isPublic = operation.access === 'public';
    registry.registerPath({
      method: operation.method,
      path: operation.path,
      operationId: operation.operationId,
      summary: operation.summary,
      description: operation.description ?? (isPublic ? 'Public: called without credentials.' : `Needs the **${operation.access}** role (or a higher one).`),
      tags: [operation.tag.name],
      security: isPublic ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
      'x-required-role': operation.access,
      ...(operation.action ? { 'x-audit-action': operation.action } : {}),
      ...(operation.rate ? { 'x-rate-class': operation.rate } : {}),
      ...(operation.request ? { request: operation.request } : {}),
      responses: responsesOf(operation),
    } as RouteConfig);
  }
  const tags = [...new Map(documented.map((operation) => [operation.tag.name, operation.tag])).values()];
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Learning Signals API',
      version: '1.0.0',
      description:
        "Is our organization learning from its incidents? Write-ups, reviews, links and the signals they add up to. Authenticate with a personal API token (`Authorization: Bearer lsp_…`, made at /tokens), the admin token, or, from this site's own pages, a session cookie. Each operation names the role it needs: viewer < facilitator < admin.",
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: serverUrl }],
    tags,
  }) as OpenAPIV3_1.Document;
}
