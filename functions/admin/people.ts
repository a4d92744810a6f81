import { Hono } from 'hono';
import { createTokenSchema, emailSchema, setRoleSchema } from '../domain/people';
import { resolveRange } from '../domain/report-range';
import { createToken, revokeTokenFor, tokensFor } from '../services/access';
import { auditBetween } from '../services/audit';
import { people, setRole } from '../services/people';
import { jsonInput } from '../shared/body';
import { nowOf, roleRulesOf, type AppDeps } from '../shared/deps';
import { notFound, validationFailed } from '../shared/errors';
import { callerOf, setAuditTarget } from './authorize';

/** `/api/me`: who the caller is. */
export function meRoutes() {
  return new Hono().get('/', (c) => {
    const { email, name, role, via } = callerOf(c);
    return c.json({ email, name, role, via });
  });
}

/** `/api/tokens`: personal API tokens, shown once, with the creator's role. */
export function tokenRoutes(deps: AppDeps) {
  return new Hono()
    .post('/', jsonInput(createTokenSchema), async (c) => {
      const input = c.req.valid('json');
      const token = await createToken(deps.store, callerOf(c), input, nowOf(deps));
      setAuditTarget(c, `${token.id} (${token.name})`);
      c.header('Location', `/api/tokens/${token.id}`);
      return c.json(token, 201);
    })
    .get('/', async (c) => c.json({ tokens: await tokensFor(deps.store, callerOf(c)) }))
    .delete('/:id', async (c) => {
      const revoked = await revokeTokenFor(deps.store, callerOf(c), c.req.param('id'), nowOf(deps));
      if (!revoked) throw notFound('The token');
      setAuditTarget(c, `${revoked.id} (${revoked.name})`);
      return c.body(null, 204);
    });
}

/** `/api/people`: admins see everyone with their role and set roles. */
export function peopleRoutes(deps: AppDeps) {
  return new Hono()
    .get('/', async (c) => c.json({ people: await people(deps.store, roleRulesOf(deps)) }))
    .put('/:email', jsonInput(setRoleSchema), async (c) => {
      const email = emailSchema.safeParse(c.req.param('email'));
      if (!email.success) throw validationFailed([{ path: 'email', message: 'must be an e-mail address' }]);
      const { role } = c.req.valid('json');
      const person = await setRole(deps.store, email.data, role, roleRulesOf(deps), nowOf(deps));
      setAuditTarget(c, `${email.data} → ${role}`);
      return c.json(person);
    });
}

/** `/api/audit?from=&to=`: who changed what and when, newest first. */
export function auditRoutes(deps: AppDeps) {
  return new Hono().get('/', async (c) => {
    const range = resolveRange({ from: c.req.query('from'), to: c.req.query('to') }, nowOf(deps));
    if (!range.ok) throw validationFailed([{ path: range.path, message: range.message }]);
    const { items, more } = await auditBetween(deps.store, range.range);
    return c.json({ range: range.range, items, more });
  });
}
