import { Hono } from 'hono';
import { getWriteup } from '../data/writeups';
import { writeupIdSchema } from '../domain/writeup';
import type { AppDeps } from '../shared/deps';
import { handleNotFound } from '../shared/errors';

/** `GET /go/{id}`: a link that works where no script can run; it sends the reader on at once. */
export function goLinkRoutes(deps: AppDeps) {
  return new Hono().get('/:id', async (c) => {
    const id = writeupIdSchema.safeParse(c.req.param('id'));
    const writeup = id.success ? await getWriteup(deps.store, id.data) : undefined;
    if (!writeup) return handleNotFound(c);
    c.header('Cache-Control', 'no-store');
    return c.redirect(writeup.url, 302);
  });
}
