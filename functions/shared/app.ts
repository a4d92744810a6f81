import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { handleError, handleNotFound, payloadTooLarge } from './errors';
import { logger } from './logger';

/** Most bodies are small JSON documents or forms; an app that takes more says so. */
const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * A Hono app that answers errors and unknown addresses as the contract says,
 * refuses a body over its limit at once (413, before reading it whole), and, in
 * Lambda, tags every log line with the request's id.
 */
export function contractApp(options: { maxBodyBytes?: number } = {}) {
  const maxSize = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const app = new Hono().onError(handleError).notFound(handleNotFound);
  app.use(bodyLimit({ maxSize, onError: payloadTooLarge(maxSize) }));
  app.use(async (c, next) => {
    const lambdaContext = (c.env as { lambdaContext?: Parameters<typeof logger.addContext>[0] } | undefined)?.lambdaContext;
    if (lambdaContext) logger.addContext(lambdaContext);
    await next();
  });
  return app;
}
