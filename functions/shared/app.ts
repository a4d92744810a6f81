import { Hono } from 'hono';
import { handleError, handleNotFound } from './errors';
import { logger } from './logger';

/**
 * A Hono app that answers errors and unknown addresses as the contract says,
 * and, in Lambda, tags every log line with the request's id.
 */
export function contractApp() {
  const app = new Hono().onError(handleError).notFound(handleNotFound);
  app.use(async (c, next) => {
    const lambdaContext = (c.env as { lambdaContext?: Parameters<typeof logger.addContext>[0] } | undefined)?.lambdaContext;
    if (lambdaContext) logger.addContext(lambdaContext);
    await next();
  });
  return app;
}
