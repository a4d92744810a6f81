import type { Context } from 'hono';

/**
 * The client's address, one a client cannot choose (reader hashes and
 * per-address limits both use it).
 * - In Lambda: API Gateway's `requestContext.http.sourceIp`, taken from the
 *   connection. `X-Forwarded-For` is never read there: its first entries are
 *   whatever the client wrote.
 * - Locally: the socket's address; with `trustProxy` = N (N proxies in front),
 *   the N-th `X-Forwarded-For` entry counted from the right, the one the
 *   outermost proxy of ours wrote. A header with fewer entries than that, or
 *   none, falls back to the socket: a malformed header never fails a request.
 */
export function clientAddress(c: Context, trustProxy = 0): string {
  const env = c.env as
    | { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } }
    | undefined;
  const lambdaSource = env?.event?.requestContext?.http?.sourceIp;
  if (lambdaSource !== undefined) return lambdaSource;
  const socket = env?.incoming?.socket?.remoteAddress ?? '';
  if (trustProxy > 0) {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const forwarded = entries[entries.length - trustProxy];
    if (forwarded && forwarded.length <= 64) return forwarded;
  }
  return socket;
}

export function userAgent(c: Context): string {
  return c.req.header('user-agent') ?? '';
}
