// A local webhook receiver in its own process: reads every body, answers RECEIVER_STATUS (200 by default) with "ok".
import { createServer } from 'node:http';

const status = Number(process.env.RECEIVER_STATUS ?? 200);
const body = Buffer.from(status === 200 ? 'ok' : 'receiver says no');

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(status, { 'content-type': 'text/plain', 'content-length': body.length }).end(body);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
