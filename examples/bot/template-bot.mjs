// A chat bot written the way SnapEngage's published Node.js template is (a Cloud Function / Express handler), on plain
// node:http so it runs with no install: it checks the `authorization` header, routes on keywords, and answers with
// res.send(JSON.stringify(...)), which Express labels text/html. The README's "Bots" walkthrough talks to it.
// usage: node examples/bot/template-bot.mjs   (BOT_PORT, default 9001; BOT_TOKEN, default my-bot-token)
import { createServer } from 'node:http';

const PORT = Number(process.env.BOT_PORT ?? 9001);
const TOKEN = process.env.BOT_TOKEN ?? 'my-bot-token';

/** The template's handler: `req.body` is the turn SnapEngage POSTs, `res.send` answers it. */
function bot(req, res) {
  if (req.get('authorization') !== TOKEN) {
    res.status(401).send('Unauthorized');
    return;
  }
  const { widget_id, case_id, text, description } = req.body;
  const words = (text || description || '').toLowerCase();
  const reply = (content) => res.send(JSON.stringify({ widget_id, case_id, content }));
  // The visitor's pre-chat details arrive as a turn of their own: nothing to say to them.
  if (words.includes('[contact details')) return reply([]);
  if (words.includes('bye')) return reply([{ type: 'message', text: 'Thanks for chatting. Goodbye!' }, { type: 'command', operation: 'BYE' }]);
  if (words.includes('human')) return reply([{ type: 'message', text: 'Let me get you a person.' }, { type: 'command', operation: 'HUMAN_TRANSFER' }]);
  if (words.includes('pricing')) return reply([{ type: 'message', text: 'Plans start at $10 a month.' }]);
  return reply([
    { type: 'message', text: 'Hi! I am Snappy. How can I help?', display_responses: [{ text: 'Pricing' }, { text: 'Talk to a human' }, { text: 'Bye' }] },
  ]);
}

// Just enough of Express for the handler above: req.get, req.body (JSON), res.status and res.send(string) as text/html.
createServer((req, res) => {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (raw += chunk));
  req.on('end', () => {
    let status = 200;
    const response = {
      status: (code) => ((status = code), response),
      send: (body) => res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body),
    };
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return response.status(400).send('not JSON');
    }
    console.log(`turn for case ${body.case_id}: ${JSON.stringify(body.text ?? body.description ?? '')}`);
    bot({ body, get: (name) => req.headers[name.toLowerCase()] }, response);
  });
}).listen(PORT, '127.0.0.1', () => console.log(`template bot listening on http://127.0.0.1:${PORT}/bot (token ${TOKEN})`));
