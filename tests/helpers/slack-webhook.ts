import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookAnswer {
  status: number;
  body: string;
  /** Answer only after this long (a stall). */
  delayMs?: number;
}

export interface SlackWebhook {
  url: string;
  /** Every message posted and answered 200 `ok`, as Slack would show it. */
  delivered: Array<{ text: string; blocks: Array<Record<string, unknown>> }>;
  /** Every post, answered or not. */
  posts: number;
  /** The next posts get these answers instead of `200 ok` (Slack's documented errors). */
  answerNext(...answers: WebhookAnswer[]): void;
  close(): Promise<void>;
}

/** A local stand-in for a Slack incoming webhook: `200 ok`, or the errors Slack documents. */
export function startSlackWebhook(): Promise<SlackWebhook> {
  const answers: WebhookAnswer[] = [];
  const hook = { delivered: [], posts: 0 } as unknown as SlackWebhook;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      hook.posts++;
      const answer = answers.shift() ?? { status: 200, body: 'ok' };
      const reply = () => {
        if (res.destroyed) return;
        if (answer.status === 200) {
          try {
            const message = JSON.parse(raw);
            if (typeof message.text !== 'string' || !Array.isArray(message.blocks)) throw new Error('no text');
            hook.delivered.push(message);
          } catch {
            res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
            return;
          }
        }
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      Object.assign(hook, {
        url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
        answerNext: (...next: WebhookAnswer[]) => answers.push(...next),
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
      resolve(hook);
    });
  });
}
