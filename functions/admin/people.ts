import { emailSchema } from '../domain/people';
import { resolveRange } from '../domain/report-range';
import { createToken, revokeTokenFor, tokensFor } from '../services/access';
import { auditBetween } from '../services/audit';
import { people, setRole } from '../services/people';
import { group } from '../shared/app';
import { nowOf, roleRulesOf, type AppDeps } from '../shared/deps';
import { ApiError, notFound, validationFailed } from '../shared/errors';
import { callerOf, setAuditTarget } from './authorize';
import { auditRoutes, meRoutes, peopleRoutes, tokenRoutes } from './people.routes';

/** `/api/me`: who the caller is. */
export const meHandlers = () =>
  group(meRoutes, {
    me: (c) => {
      const { email, name, role, via } = callerOf(c);
      return c.json({ email, name, role, via }, 200);
    },
  });

/** `/api/tokens`: personal API tokens, shown once, with the creator's role. */
export const tokenHandlers = (deps: AppDeps) =>
  group(tokenRoutes, {
    createToken: async (c) => {
      const made = await createToken(deps.store, callerOf(c), c.req.valid('json'), nowOf(deps), await deps.adminToken());
      if (!made.ok) throw new ApiError(made.status, made.status === 403 ? 'forbidden' : 'conflict', made.message);
      const { token } = made;
      setAuditTarget(c, `${token.id} (${token.name})`);
      c.header('Location', `/api/tokens/${token.id}`);
      return c.json(token, 201);
    },
    listTokens: async (c) => {
      const page = await tokensFor(deps.store, callerOf(c), c.req.valid('query'), nowOf(deps), await deps.adminToken());
      if (!page) throw validationFailed([{ path: 'after', message: 'is not the `next` of a page of your tokens' }]);
      return c.json(page, 200);
    },
    revokeToken: async (c) => {
      const revoked = await revokeTokenFor(deps.store, callerOf(c), c.req.valid('param').id, nowOf(deps));
      if (!revoked) throw notFound('The token');
      setAuditTarget(c, `${revoked.id} (${revoked.name})`);
      return c.body(null, 204);
    },
  });

/** `/api/people`: admins see everyone with their role and set roles. */
export const peopleHandlers = (deps: AppDeps) =>
  group(peopleRoutes, {
    listPeople: async (c) => c.json({ people: await people(deps.store, roleRulesOf(deps)) }, 200),
    setRole: async (c) => {
      const email = emailSchema.safeParse(c.req.valid('param').email);
      if (!email.success) throw validationFailed([{ path: 'email', message: 'must be an e-mail address' }]);
      const { role } = c.req.valid('json');
      const person = await setRole(deps.store, email.data, role, roleRulesOf(deps), nowOf(deps));
      setAuditTarget(c, `${email.data} → ${role}`);
      return c.json(person, 200);
    },
  });

/** `/api/audit?from=&to=`: who changed what and when, newest first. */
export const auditHandlers = (deps: AppDeps) =>
  group(auditRoutes, {
    audit: async (c) => {
      const range = resolveRange(c.req.valid('query'), nowOf(deps));
      if (!range.ok) throw validationFailed([{ path: range.path, message: range.message }]);
      const { items, more } = await auditBetween(deps.store, range.range);
      return c.json({ range: range.range, items, more }, 200);
    },
  });
