import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from './errors';

/** The header the edge (CloudFront) adds on its way to the API, proving a request came through it. */
export const EDGE_SECRET_HEADER = 'X-Signals-Edge';

const sameSecret = (given: string, expected: string) =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

/** `CloudFront-Viewer-Address` is `ip:port`, an IPv6 address written bare: the address without the port. */
function viewerAddress(value: string | undefined): string | undefined {
  const at = value?.lastIndexOf(':') ?? -1;
  const address = at > 0 ? value!.slice(0, at) : undefined;
  return address && address.length <= 64 ? address : undefined;
}

/**
 * The client's address, one a client cannot choose (reader hashes and
 * per-address limits both use it).
 * - In Lambda: API Gateway's `requestContext.http.sourceIp`, taken from the
 *   connection. `X-Forwarded-For` is never read there: its first entries are
 *   whatever the client wrote. Behind the edge (`edgeSecret`, EDGE_SECRET in
 *   the settings), the address CloudFront saw, from `CloudFront-Viewer-Address`, when the request
 *   carries the edge's secret header (so it came through CloudFront).
 * - Locally: the socket's address; with `trustProxy` = N (N proxies in front),
 *   the N-th `X-Forwarded-For` entry counted from the right, the one the
 *   outermost proxy of ours wrote. A header with fewer entries than that, or
 *   none, falls back to the socket: a malformed header never fails a request.
 */
export function clientAddress(c: Context, trustProxy = 0, edgeSecret?: string): string {
  const env = c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const lambdaSource = env?.event?.requestContext?.http?.sourceIp;
  if (lambdaSource !== undefined) {
    const proof = c.req.header(EDGE_SECRET_HEADER);
    const viewer = edgeSecret && proof && sameSecret(proof, edgeSecret) ? viewerAddress(c.req.header('cloudfront-viewer-address')) : undefined;
    return viewer ?? lambdaSource;
  }
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

/**
 * Behind the edge (an edge secret set), a request must carry the edge's header:
 * one that went around CloudFront (to the API's own endpoint) is refused, so its
 * WAF's limits and rules cannot be skipped. The secret, once checked, is kept on
 * the request for `edgeSecretOf`.
 */
export const throughTheEdge = (secret: (() => Promise<string>) | undefined) =>
  createMiddleware(async (c, next) => {
    if (!secret) return next();
    const expected = await secret();
    const proof = c.req.header(EDGE_SECRET_HEADER);
    if (!proof || !sameSecret(proof, expected)) throw new ApiError(403, 'forbidden', 'Learning Signals is reached through its edge, not its API directly.');
    c.set('edgeSecret' as never, expected as never);
    await next();
  });

/** The edge's secret a request was checked with (none when no edge stands in front). */
export const edgeSecretOf = (c: Context): string | undefined => c.get('edgeSecret' as never) as string | undefined;

/** Who sent a request, as reads, clicks and fetches are counted: its address (behind the edge, the viewer's) and its user agent. */
export const readerOf = (c: Context, trustProxy = 0) => ({ address: clientAddress(c, trustProxy, edgeSecretOf(c)), userAgent: userAgent(c) });

export function userAgent(c: Context): string {
  return c.req.header('user-agent') ?? '';
}
