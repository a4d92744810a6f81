import type { Context } from 'hono';
import { writeupIdSchema } from '../domain/writeup';
import { recordGoClick } from '../services/links';
import { findWriteup } from '../services/writeups';
import { readerOf } from '../shared/client-address';
import { linkSettingsOf, nowOf, type AppDeps } from '../shared/deps';
import { handleNotFound } from '../shared/errors';
import { logger } from '../shared/logger';
import { DROPPED_HEADER } from './routes';

/**
 * `GET /go/{id}?from={kind}`: a link that works where no script can run. It
 * records the click and sends the reader on; a click that cannot be recorded,
 * or is not counted (`X-Signals-Dropped` says why), still sends them on.
 */
export const goLink = (deps: AppDeps) => async (c: Context, asked: string) => {
  const id = writeupIdSchema.safeParse(asked);
  const writeup = id.success ? await findWriteup(deps.store, id.data) : undefined;
  if (!writeup) return handleNotFound(c);
  try {
    const click = await recordGoClick(
      deps.store,
      writeup,
      {
        referer: c.req.header('referer'),
        from: c.req.query('from'),
        ...readerOf(c, deps.trustProxy),
      },
      linkSettingsOf(deps),
      nowOf(deps),
    );
    if (!click.counted) c.header(DROPPED_HEADER, click.dropped);
  } catch (error) {
    logger.warn('go-link click not recorded', { error: (error as Error).name, writeup: writeup.id });
  }
  c.header('Cache-Control', 'no-store');
  return c.redirect(writeup.url, 302);
};
