import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Mailbox {
  /** `smtp://127.0.0.1:{port}` for SMTP_URL. */
  url: string;
  /** Every message the server accepted, parsed. */
  received: ParsedMail[];
  /** The next messages are refused with these SMTP replies (e.g. 451 for a moment, 554 for good). */
  refuseNext(...codes: number[]): void;
  /** Messages it refused. */
  refused: number;
  close(): Promise<void>;
}

/** A real SMTP server on a loopback port, keeping what it receives. */
export function startMailbox(): Promise<Mailbox> {
  const refusals: number[] = [];
  const received: ParsedMail[] = [];
  const mailbox = { received, refused: 0 } as Mailbox;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const code = refusals.shift();
      simpleParser(stream).then(
        (mail) => {
          if (code) {
            mailbox.refused++;
            return callback(Object.assign(new Error(code >= 500 ? 'Message rejected as spam' : 'Try again later: mailbox busy'), { responseCode: code }));
          }
          received.push(mail);
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.server.address() as AddressInfo;
      Object.assign(mailbox, {
        url: `smtp://127.0.0.1:${port}`,
        refuseNext: (...codes: number[]) => refusals.push(...codes),
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
      resolve(mailbox);
    });
  });
}
