import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, EDGE_SECRET_HEADER } from '../../functions/shared/client-address';

const SECRET = 'edge-secret-0123456789abcdef';
const seen = (headers: Record<string, string>, env: object, trustProxy = 0) => {
  const app = new Hono().get('/', (c) => c.text(clientAddress(c, trustProxy, SECRET)));
  return Promise.resolve(app.request('/', { headers }, env)).then((res) => res.text());
};
const lambda = (sourceIp: string) => ({ event: { requestContext: { http: { sourceIp } } } });
const socket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

describe("the client's address", () => {
  it("in Lambda is API Gateway's source IP, whatever X-Forwarded-For says", async () => {
    expect(await seen({ 'x-forwarded-for': '10.9.9.9, 198.51.100.20' }, lambda('198.51.100.20'))).toBe('198.51.100.20');
    expect(await seen({ 'x-forwarded-for': '10.9.9.9' }, lambda('198.51.100.21'))).toBe('198.51.100.21');
  });

  it("behind the edge is CloudFront's viewer address, only with the edge's secret", async () => {
    const viaEdge = { [EDGE_SECRET_HEADER]: SECRET, 'cloudfront-viewer-address': '203.0.113.9:51234' };
    expect(await seen(viaEdge, lambda('130.176.0.1'))).toBe('203.0.113.9');
    expect(await seen({ ...viaEdge, 'cloudfront-viewer-address': '2001:db8::7:443' }, lambda('130.176.0.1'))).toBe('2001:db8::7');
    // Straight to the API, a forged viewer address (and a wrong secret) counts for nothing.
    expect(await seen({ [EDGE_SECRET_HEADER]: 'guess', 'cloudfront-viewer-address': '203.0.113.9:1' }, lambda('198.51.100.30'))).toBe('198.51.100.30');
    expect(await seen({ 'cloudfront-viewer-address': '203.0.113.9:1' }, lambda('198.51.100.31'))).toBe('198.51.100.31');
  });

  it('locally is the socket, or the N-th X-Forwarded-For entry from the right with TRUST_PROXY=N', async () => {
    expect(await seen({ 'x-forwarded-for': '10.9.9.9' }, socket('127.0.0.1'))).toBe('127.0.0.1');
    expect(await seen({ 'x-forwarded-for': '10.9.9.9, 198.51.100.40' }, socket('127.0.0.1'), 1)).toBe('198.51.100.40');
    expect(await seen({ 'x-forwarded-for': '10.9.9.9, 198.51.100.41, 10.0.0.2' }, socket('127.0.0.1'), 2)).toBe('198.51.100.41');
    // A header too short for the proxies said to be there falls back to the socket; nothing fails.
    expect(await seen({ 'x-forwarded-for': ',,' }, socket('127.0.0.1'), 2)).toBe('127.0.0.1');
  });
});
