import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import * as z from 'zod';
import type { Role } from '../domain/people';
import type { RateClass } from './rate-limit';

/**
 * One declaration per operation: its method and path, who may call it, what
 * the audit trail calls the change it makes, its per-address limit, its
 * request schemas and a response schema for every status it answers. The Hono
 * registration, the role check, the audit entry, the OpenAPI document, the API
 * Gateway routes of each function, the rate limits (here and at the edge) and
 * the authorization tests all follow from it; nothing else lists an operation.
 */

/** The Lambda function that serves an operation (locally, one server serves them all). */
export type Served = 'collect' | 'forms' | 'admin' | 'hooks';
export type Access = 'public' | Role;

/** Statuses an operation may answer with the contract's error body. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 429 | 502 | 503;

export interface OperationSpec extends Omit<RouteConfig, 'middleware' | 'hide' | 'operationId' | 'tags' | 'security'> {
  /** Who may call it: `public`, or the least role that may. */
  access: Access;
  /** The audit trail's name for the change it makes (changes, and downloads of the exports that hold names or the trail). */
  action?: string;
  /** The per-address limit it counts against (public routes that write). */
  rate?: RateClass;
  /** An HTML page for people: a trip to the login page instead of a 401, page headers, and left out of the API document. */
  page?: true;
  /** Called from any site's pages (the beacon): it answers CORS, its preflight included. */
  cors?: true;
  /** Statuses it answers with an error besides those every operation of its kind may (400, 401, 403, 404, 413, 429, 503), and when. */
  errors?: Partial<Record<ErrorStatus, string>>;
  /** A body limit below the app's (a beacon's 2 KB). */
  maxBodyBytes?: number;
}

// Type aliases, not interfaces: a declaration must stay assignable to the library's route type, whose `x-…` index signature an interface would not meet.
export type OperationMeta = {
  operationId: string;
  served: Served;
  /** Its group in the OpenAPI document. */
  tag: Tag;
};

export type Operation<S extends OperationSpec = OperationSpec> = S & OperationMeta;

export type Tag = {
  name: string;
  description: string;
};

/**
 * A group of operations served by one function and shown under one tag; each
 * key is the operation's id.
 */
export function operations<const G extends Record<string, OperationSpec>>(
  served: Served,
  tag: Tag,
  specs: G,
): { [K in keyof G]: G[K] & OperationMeta & { operationId: K } } {
  return Object.fromEntries(Object.entries(specs).map(([operationId, spec]) => [operationId, { ...spec, operationId, served, tag }])) as never;
}

/** Handlers for a group of operations, one per id, each typed by its declaration (inputs and responses). */
export type Handlers<G extends Record<string, RouteConfig>> = { [K in keyof G]: RouteHandler<G[K]> };

/** Most bodies are small JSON documents or forms; an app that takes more says so. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Operations as Hono routes them (`{id}` → `:id`). */
export const honoPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

/** How many parameters a path has: routes with fewer are registered first, so `/writeups/new` wins over `/writeups/{id}`. */
export const paramsIn = (path: string) => (path.match(/\{/g) ?? []).length;

// Shorthands for the parts of a declaration.

/** A JSON body, always read as JSON whatever the Content-Type says (a script's `curl -d` is never silently ignored). */
export const jsonBody = <S extends ZodType>(schema: S, description?: string) => ({
  required: true as const,
  ...(description ? { description } : {}),
  content: { 'application/json': { schema } },
});

/** Marks a body the handler reads itself, as it came (a signature covers it, or it is not JSON): described, never parsed before. */
export const RAW_BODY = Symbol('raw body');

/** A body described for the document, read by its handler as it came. */
export const rawBody = <S extends ZodType>(types: string[], schema: S, description: string) => ({
  required: true as const,
  description,
  content: Object.fromEntries(types.map((type) => [type, { schema }])),
  [RAW_BODY]: true as const,
});

/** A JSON answer. */
export const json = <S extends ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

/** An answer of another media type (a page, a file, an image). */
export const media = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string() } } });

/** An answer with no body (204, 302, 304). */
export const empty = (description: string) => ({ description });

/** A page's declaration: what an operation's says, less what every page shares (an HTML answer, no place in the API document). */
export type PageSpec = Omit<OperationSpec, 'responses' | 'page' | 'request'> & { request?: Pick<NonNullable<OperationSpec['request']>, 'params' | 'query'> };

const PAGES_TAG: Tag = { name: 'pages', description: 'The dashboard' };
const htmlPage = { 200: media('text/html', 'A page') };

/** The dashboard's pages, each an HTML page for people, served by the admin function. */
export function pages<const G extends Record<string, PageSpec>>(
  specs: G,
): { [K in keyof G]: G[K] & { page: true; responses: typeof htmlPage } & OperationMeta & { operationId: K } } {
  const withPage = Object.fromEntries(Object.entries(specs).map(([id, spec]) => [id, { ...spec, page: true, responses: htmlPage }]));
  return operations('admin', PAGES_TAG, withPage as Record<string, OperationSpec>) as never;
}
