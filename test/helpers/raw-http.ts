// Raw bytes over a socket, for requests no well-behaved client library would send.
import { connect } from 'node:net';

/** Writes `bytes`, half-closes, and resolves with the status of the first response (undefined if the server just closed). */
export function rawExchange(url: string, bytes: string | Buffer, timeoutMs = 10_000): Promise<number | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(String(bytes).slice(0, 80))}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      resolve(match ? Number(match[1]) : undefined);
    };
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (/\r\n\r\n/.test(received)) socket.destroy();
    });
    socket.on('close', finish);
    // A reset after a refused request is an answer too: the server chose to drop us.
    socket.on('error', () => undefined);
    socket.end(bytes);
  });
}

/** Requests the HTTP parser itself must refuse: smuggling shapes, bad framing, bad bytes in the head. */
export function malformedHeads(path: string): string[] {
  const host = 'Host: 127.0.0.1\r\n';
  return [
    `GET ${path} HTTP/1.1\r\n${host}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello`,
    `POST ${path} HTTP/1.1\r\n${host}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\n${host}Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\n${host}Content-Length: -1\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\n${host}Content-Length: 99999999999999999999\r\n\r\n{}`,
    `GET ${path} HTTP/1.1\r\n${host}X-Bad\u0000Header: 1\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}X-Bad: a\rb\r\n\r\n`,
    `GET ${path} HTTP/1.1\n${host}\n`,
    `GET ${path} HTTP/9.9\r\n${host}\r\n`,
    `GET ${path}\r\n\r\n`,
    `G\u00c9T ${path} HTTP/1.1\r\n${host}\r\n`,
    `GET ${path} HTTP/1.1\r\n${host} Folded: header\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\n${host}X-Long: ${'a'.repeat(20_000)}\r\n\r\n`,
    `GET /${'a'.repeat(20_000)} HTTP/1.1\r\n${host}\r\n`,
    `PUT ${path} HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{"email":`,
    `\r\n\r\n\r\n`,
    `\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003`,
  ];
}
