import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { BlankEnv, MiddlewareHandler } from 'hono/types';
import type { ZodError, ZodType } from 'zod';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { issuesOf } from '../domain/validation';
import { throughTheEdge } from './client-address';
import { ApiError, handleError, handleNotFound, payloadTooLarge, validationFailed } from './errors';
import { logger } from './logger';
import { honoPath, MAX_BODY_BYTES, paramsIn, RAW_BODY, type Handlers, type Operation } from './operation';

/**
 * A Hono app that answers errors and unknown addresses as the contract says,
 * refuses a body over its limit at once (413, before reading it whole), behind
 * the edge refuses a request that went around it, and, in Lambda, tags every
 * log line with the request's id.
 */
export function contractApp(options: { maxBodyBytes?: number; edgeSecret?: () => Promise<string> } = {}) {
  const maxSize = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const app = new Hono<BlankEnv>();
  app.onError(handleError).notFound(handleNotFound);
  app.use(throughTheEdge(options.edgeSecret));
  app.use(bodyLimit({ maxSize, onError: payloadTooLarge(maxSize) }));
  app.use(async (c, next) => {
    const lambdaContext = (c.env as { lambdaContext?: Parameters<typeof logger.addContext>[0] } | undefined)?.lambdaContext;
    if (lambdaContext) logger.addContext(lambdaContext);
    await next();
  });
  return app;
}

export type ContractApp = ReturnType<typeof contractApp>;

/**
 * A request that does not fit its operation's schemas is a 400 naming each
 * field; a path parameter that cannot name anything is simply not found.
 */
function answerInvalid(result: { success: true } | { success: false; error: unknown }): undefined {
  if (result.success) return undefined;
  if ((result as { target?: string }).target === 'param') throw new ApiError(404, 'not_found', 'There is nothing at this address.');
  throw validationFailed(issuesOf(result.error as ZodError));
}

/**
 * A JSON body is read as JSON whatever its Content-Type says (`curl -d` sends
 * a form type), so a script's body is never silently taken for an empty one.
 */
const jsonWhateverItsType = createMiddleware(async (c, next) => {
  const text = await c.req.text();
  try {
    JSON.parse(text);
  } catch {
    throw validationFailed([{ path: '', message: 'body must be JSON' }]);
  }
  const headers = new Headers(c.req.raw.headers);
  headers.set('content-type', 'application/json');
  c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers, body: text });
  await next();
});

/** A group of operations with its handlers, as an app mounts them. */
export interface Mounted {
  operations: Record<string, Operation>;
  handlers: Record<string, unknown>;
}

/** Pairs a group's declarations with their handlers; the types make each handler fit its operation. */
export const group = <G extends Record<string, Operation>>(operations: G, handlers: Handlers<G>): Mounted => ({ operations, handlers });

/**
 * Registers every operation of the groups on the app, each with its
 * handler, the checks its declaration asks for (`before`, e.g. the role
 * check), and its schemas' validation. Routes with fewer path parameters
 * first, so a page of its own (`/writeups/new`) wins over `/writeups/{id}`.
 */
export function mount(app: ContractApp, groups: Mounted[], before: (operation: Operation) => MiddlewareHandler[] = () => []) {
  const all = groups.flatMap(({ operations, handlers }) =>
    Object.values(operations).map((operation) => ({ operation, handler: handlers[operation.operationId] })),
  );
  all.sort((a, b) => paramsIn(a.operation.path) - paramsIn(b.operation.path));
  for (const { operation, handler } of all) {
    if (!handler) throw new Error(`${operation.operationId} has no handler`);
    const { method, path } = operation;
    if (operation.cors) app.use(honoPath(path), openToEveryOrigin(operation));
    // A body its handler reads as it came is described only; a JSON body is parsed and checked before the handler.
    const { body, params, query } = operation.request ?? {};
    const json = body && !(RAW_BODY in body) ? (body.content['application/json'] as { schema?: ZodType } | undefined)?.schema : undefined;
    const chain: MiddlewareHandler[] = [
      ...before(operation),
      ...(operation.maxBodyBytes ? [bodyLimit({ maxSize: operation.maxBodyBytes, onError: payloadTooLarge(operation.maxBodyBytes) })] : []),
      ...(params ? [zValidator('param', params as ZodType, answerInvalid)] : []),
      ...(query ? [zValidator('query', query as ZodType, answerInvalid)] : []),
      ...(json ? [jsonWhateverItsType, zValidator('json', json, answerInvalid)] : []),
      handler as MiddlewareHandler,
    ];
    app.on(method.toUpperCase(), honoPath(path), ...(chain as [MiddlewareHandler]));
  }
  return app;
}

/** CORS for an operation called from any site's pages: its method, a Content-Type, and the headers its answers declare. */
function openToEveryOrigin(operation: Operation) {
  const exposed = Object.values(operation.responses).flatMap((response) => {
    const headers = (response as { headers?: { shape?: Record<string, unknown> } }).headers;
    return Object.keys(headers?.shape ?? headers ?? {});
  });
  return cors({
    origin: '*',
    allowMethods: [operation.method.toUpperCase()],
    allowHeaders: ['Content-Type'],
    exposeHeaders: [...new Set(exposed)],
    maxAge: 86_400,
  });
}
