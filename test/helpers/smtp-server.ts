// A real SMTP server on 127.0.0.1 and a free port, recording every message it receives; closed after each test.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { onTestFinished } from 'vitest';

interface ReceivedMail {
  rcptTo: string[];
  mailFrom: string;
  raw: Buffer;
}

export interface SmtpTestServer {
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/** The server, closed by the caller: for suites that keep one across tests (the browser suite). */
export async function listenSmtp(): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // The reverse lookup of 127.0.0.1 costs most of a second on some hosts.
    disableReverseLookup: true,
    // The mock's pooled relay keeps its connection open; closing the server should not wait for it to idle out.
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          rcptTo: session.envelope.rcptTo.map((a) => a.address),
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The server for one test: closed when the test finishes. */
export async function startSmtp(): Promise<SmtpTestServer> {
  const smtp = await listenSmtp();
  onTestFinished(() => smtp.close());
  return smtp;
}

/** A relay that sends its greeting and then never answers a command; `connections()` counts the ones it accepted. */
export async function stalledRelay(): Promise<{ url: string; connections(): number }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.write('220 stalled.example ESMTP\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => accepted };
}
