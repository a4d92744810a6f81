import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Running {
  url: string;
  close(): Promise<void>;
}

export interface RunningSite extends Running {
  /** Every path asked for, with its query, in order. */
  requested: string[];
}

/** Serves an app on a free loopback port, as `npm start` does. */
export function serveApp(app: Hono, hostname = '127.0.0.1', port = 0): Promise<Running> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      resolve({ url: `http://${hostname}:${info.port}`, close: () => closeServer(server as Server) });
    });
  });
}

/** Serves fixed HTML pages, standing in for the site where a write-up lives. */
export function serveHtml(pages: Record<string, string>, hostname = 'localhost'): Promise<RunningSite> {
  const requested: string[] = [];
  const server = createServer((req, res) => {
    requested.push(req.url ?? '');
    const page = pages[req.url?.split('?')[0] ?? ''];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ?? 'not found');
  });
  return new Promise((resolve) => {
    server.listen(0, hostname, () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://${hostname}:${port}`, close: () => closeServer(server), requested });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port free right now on loopback, for a server whose address must be known before it starts. */
export function freePort(): Promise<number> {
  const probe = createServer();
  return new Promise((resolve) =>
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    }),
  );
}
