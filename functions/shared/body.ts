import type { Context } from 'hono';
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
