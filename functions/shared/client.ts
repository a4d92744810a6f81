import type { Context } from 'hono';

/**
 * The reader's address: the first X-Forwarded-For entry (API Gateway sets it),
 * else what the runtime saw: API Gateway's source IP in Lambda, the socket locally.
 */
export function clientAddress(c: Context): string {
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded;
  const env = c.env as
    | { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } }
    | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? '';
}

export function userAgent(c: Context): string {
  return c.req.header('user-agent') ?? '';
}
