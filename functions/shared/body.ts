import type { Context, Env, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { resolver, uniqueSymbol } from 'hono-openapi';
import type { z } from 'zod';
import { issuesOf } from '../domain/validation';
import { validationFailed } from './errors';

/** Parses a JSON body against a schema, or throws the contract's 400 with every issue. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(await c.req.text());
  } catch {
    throw validationFailed([{ path: '', message: 'body must be JSON' }]);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw validationFailed(issuesOf(result.error));
  return result.data;
}

/**
 * A route's JSON body, declared on the route: parsed and checked as `jsonBody`
 * does (whatever the Content-Type says, so a script's body is never silently
 * ignored), then `c.req.valid('json')`; the same schema describes the body in
 * the OpenAPI document.
 */
export function jsonInput<S extends z.ZodType>(schema: S): MiddlewareHandler<Env, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }> {
  const middleware = createMiddleware(async (c, next) => {
    c.req.addValidatedData('json', (await jsonBody(c, schema)) as object);
    await next();
  });
  return Object.assign(middleware, { [uniqueSymbol]: { target: 'json', ...resolver(schema) } });
}
