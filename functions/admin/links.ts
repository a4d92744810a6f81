import { Hono } from 'hono';
import * as z from 'zod';
import { registerLinkSchema } from '../domain/links';
import { writeupIdSchema } from '../domain/writeup';
import { registerLinkFor } from '../services/links';
import { jsonInput } from '../shared/body';
import { linkSettingsOf, nowOf, type AppDeps } from '../shared/deps';

const batchSchema = z.strictObject({
  links: z
    .array(registerLinkSchema.extend({ writeup: writeupIdSchema }))
    .min(1)
    .max(100),
});

/**
 * `POST /api/links`: many links at once (the repository scanner sends its
 * findings in batches). Each link is answered on its own: created, existing,
 * or why it was refused.
 */
export function linkBatchRoutes(deps: AppDeps) {
  return new Hono().post('/', jsonInput(batchSchema), async (c) => {
    const { links } = c.req.valid('json');
    const now = nowOf(deps);
    const results: Array<{ writeup: string; url: string | null; kind?: string; status: 'created' | 'existing' | 'refused'; message?: string }> = [];
    for (const { writeup, ...input } of links) {
      const result = await registerLinkFor(deps.store, writeup, input, linkSettingsOf(deps), now);
      if (result.ok) results.push({ writeup, url: result.link.url, kind: result.link.kind, status: result.created ? 'created' : 'existing' });
      else results.push({ writeup, url: input.url, status: 'refused', message: result.reason === 'no-writeup' ? 'no such write-up' : result.message });
    }
    const count = (status: string) => results.filter((r) => r.status === status).length;
    return c.json({ created: count('created'), existing: count('existing'), refused: count('refused'), results });
  });
}
