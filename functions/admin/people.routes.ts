import * as z from 'zod';
import { createTokenSchema, MAX_LIVE_TOKENS, ROLES, setRoleSchema, TOKENS_PAGE_DEFAULT, TOKENS_PAGE_MAX } from '../domain/people';
import { json, jsonBody, operations, empty } from '../shared/operation';
import { rangeQuery } from '../shared/queries';
import { auditEntrySchema, personalTokenSchema, personSchema, rangeSchema } from '../shared/schemas';

/** `/api/me`: who the caller is. */
export const meRoutes = operations(
  'admin',
  { name: 'me', description: 'The caller' },
  {
    me: {
      method: 'get',
      path: '/api/me',
      access: 'viewer',
      summary: 'Who the caller is',
      responses: {
        200: json(
          z.object({
            email: z.string().nullable().meta({ description: 'null for the admin token' }),
            name: z.string(),
            role: z.enum(ROLES),
            via: z.enum(['admin-token', 'session', 'token']),
          }),
          'The caller',
        ),
      },
    },
  },
);

/** `/api/tokens`: personal API tokens, shown once, with the creator's role. */
export const tokenRoutes = operations(
  'admin',
  { name: 'tokens', description: 'Personal API tokens' },
  {
    listTokens: {
      method: 'get',
      path: '/api/tokens',
      access: 'viewer',
      summary: "Your personal API tokens (an admin's list holds everyone's), a page at a time",
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(TOKENS_PAGE_MAX).default(TOKENS_PAGE_DEFAULT).meta({ description: 'Tokens a page, at most 100' }),
          after: z.string().max(1_000).optional().meta({ description: 'The `next` of the previous page' }),
        }),
      },
      responses: {
        200: json(
          z.object({
            tokens: z.array(personalTokenSchema),
            next: z.string().optional().meta({ description: 'Pass back as `after` for the next page; absent on the last' }),
          }),
          "The tokens, newest first (an admin's: owner by owner), never their secrets",
        ),
      },
    },
    createToken: {
      method: 'post',
      path: '/api/tokens',
      access: 'viewer',
      action: 'token.create',
      summary: `Create a personal API token with your role, shown once (at most ${MAX_LIVE_TOKENS} live a person)`,
      request: { body: jsonBody(createTokenSchema) },
      responses: {
        201: json(personalTokenSchema.extend({ token: z.string().meta({ description: 'The secret, shown this once: `lsp_…`' }) }), 'The token and its secret'),
      },
      errors: {
        403: 'Asked with a personal token: a token cannot make tokens (make one from a signed-in session, or with the admin token)',
        409: `The caller holds ${MAX_LIVE_TOKENS} live tokens already, the most a person may: revoke one first`,
      },
    },
    revokeToken: {
      method: 'delete',
      path: '/api/tokens/{id}',
      access: 'viewer',
      action: 'token.revoke',
      summary: 'Revoke a personal API token',
      request: { params: z.object({ id: z.string().max(64).meta({ description: "The token's id (not its secret)" }) }) },
      responses: { 204: empty('Revoked: refused at once from now on') },
    },
  },
);

/** `/api/people`: admins see everyone with their role and set roles. */
export const peopleRoutes = operations(
  'admin',
  { name: 'people', description: 'People and their roles' },
  {
    listPeople: {
      method: 'get',
      path: '/api/people',
      access: 'admin',
      summary: 'People with their roles and last sign-in',
      responses: { 200: json(z.object({ people: z.array(personSchema) }), 'Everyone who signed in or was given a role') },
    },
    setRole: {
      method: 'put',
      path: '/api/people/{email}',
      access: 'admin',
      action: 'person.set-role',
      summary: "Set a person's role",
      request: { params: z.object({ email: z.string().max(300).meta({ description: "The person's e-mail address" }) }), body: jsonBody(setRoleSchema) },
      responses: { 200: json(personSchema, 'The person, with the role now in force') },
    },
  },
);

/** `/api/audit?from=&to=`: who changed what and when, newest first. */
export const auditRoutes = operations(
  'admin',
  { name: 'audit', description: 'The audit trail' },
  {
    audit: {
      method: 'get',
      path: '/api/audit',
      access: 'admin',
      summary: 'Who changed what, and when',
      request: { query: rangeQuery },
      responses: {
        200: json(
          z.object({
            range: rangeSchema,
            items: z.array(auditEntrySchema),
            more: z.boolean().meta({ description: 'More than the 1,000 newest in the range' }),
          }),
          'The changes in the range, newest first',
        ),
      },
    },
  },
);
