// A per-key reset takes that key's records and nothing of another key's: both keys seeded with every kind of record
// the store keeps (users, widgets, integrations, support requests, files, deliveries, attempts, emails, their clock),
// the front desk's agents, scripts, settings, conversations, lines and timers, a bot with its calls and bans, plus journal
// entries and fault rules; then the other key's rows compared table by table. Driven over HTTP only.
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startBot } from '../../src/harness/bot.js';
import { partnerOf } from '../../src/http/api-key.js';
import { KEY, OTHER_KEY, buildTestApp } from '../helpers/build-test-app.js';
import { configureIntegration, createSupportRequest, createWidget } from '../helpers/integration-setup.js';
import { tempDir } from '../helpers/temp-dir.js';
import { AGENT, control, setAgentStatus, startChat } from '../helpers/front-desk.js';
import { storeOf } from '../../src/app.js';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

/** Every record kind of one key: a failing integration walks to the email at once (RETRY_SCHEDULE=none). */
async function seed(app: App, key: string): Promise<void> {
  const { widgetId } = await createWidget(app, { key });
  await configureIntegration(app, widgetId, { url: 'http://127.0.0.1:9/refused' }, key);
  await createSupportRequest(app, widgetId, { type: 'chat', files: [{ generate: 'png' }, { generate: 'pdf' }] }, key);
  // This key's own clock, and the attempt, the delivery's outcome and the fallback email.
  const advanced = await app.inject({ method: 'POST', url: `/_mock/clock/advance?api_key=${key}`, payload: { ms: 1000 } });
  expect(advanced.json().attempts).toEqual([expect.objectContaining({ outcome: 'emailed' })]);
  // A delivery still pending beside the settled one.
  await createSupportRequest(app, widgetId, { type: 'offline' }, key);
  const fault = await app.inject({ method: 'POST', url: '/_mock/faults', payload: { api_key: key, path: '/api/v1/nothing-here', status: 503 } });
  expect(fault.statusCode).toBe(201);
  // The front desk: a script (its accept stays pending an hour), chat settings, an agent online, a chat with a line.
  expect((await control(app, 'PUT', `/widgets/${widgetId}/agent-script`, { acceptAfterMs: 3_600_000 }, key)).statusCode).toBe(200);
  expect((await control(app, 'PUT', `/widgets/${widgetId}/chat-settings`, {}, key)).statusCode).toBe(200);
  await setAgentStatus(app, widgetId, 'online', AGENT, key);
  await startChat(app, { widgetId, visitorMessage: 'Hello' }, key);
  // A bot that bans its first visitor: the bot's settings, its call and its ban.
  const bot = await startBot((req, res) => res.send(JSON.stringify({ content: [{ type: 'command', operation: 'BAN' }] })));
  onTestFinished(() => bot.close());
  expect((await control(app, 'PUT', `/widgets/${widgetId}/bot`, { url: bot.url }, key)).statusCode).toBe(200);
  const { caseId } = await startChat(app, { widgetId, email: 'banned@example.com' }, key);
  expect((await control(app, 'GET', `/conversations/${caseId}/bot-calls?wait=answered`, undefined, key)).json().status).toBe('closed');
}

/** The store's tables that hold per-key rows, each with one key's rows as JSON, sorted. */
function rowsByTable(app: App, key: string): Record<string, string[]> {
  const db = storeOf(app);
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((t) => t.name)
    .filter((name) => db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all().some((c) => c.name === 'partner'));
  return Object.fromEntries(
    tables.map((name) => [name, db.prepare(`SELECT * FROM "${name}" WHERE partner = ?`).all(partnerOf(key)).map((row) => JSON.stringify(row)).sort()]),
  );
}

const read = async (app: App, url: string) => (await app.inject({ method: 'GET', url })).json();

describe('POST /_mock/reset?api_key=K', () => {
  it('takes every table\'s rows of K and leaves the other key\'s, table by table, with its journal, fault rules and clock', async () => {
    // On a file, so each key's own clock is stored (partner_clocks) as the product stores it.
    const { app } = await buildTestApp({ config: { RETRY_SCHEDULE: 'none', DATABASE_PATH: join(tempDir(), 'reset.db') } });
    await seed(app, KEY);
    await seed(app, OTHER_KEY);
    const before = rowsByTable(app, OTHER_KEY);
    // The seed holds a row of every kind for both keys: a table added later without a seed here fails this line.
    const empty = (rows: Record<string, string[]>) => Object.entries(rows).filter(([, list]) => list.length === 0).map(([table]) => table);
    expect(empty(before)).toEqual([]);
    expect(empty(rowsByTable(app, KEY))).toEqual([]);
    const otherJournal = await read(app, `/_mock/requests?api_key=${OTHER_KEY}`);
    const otherFaults = await read(app, `/_mock/faults?api_key=${OTHER_KEY}`);
    const otherClock = await read(app, `/_mock/clock?api_key=${OTHER_KEY}`);
    expect(otherClock.diverged).toBe(true);

    const reset = await app.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}` });
    expect(reset.statusCode).toBe(200);

    const after = rowsByTable(app, OTHER_KEY);
    for (const table of Object.keys(before)) expect(after[table], `${table}: the other key's rows`).toEqual(before[table]);
    const mine = rowsByTable(app, KEY);
    for (const table of Object.keys(mine)) expect(mine[table], `${table}: the reset key's rows`).toEqual([]);
    expect(await read(app, `/_mock/requests?api_key=${OTHER_KEY}`)).toEqual(otherJournal);
    expect(await read(app, `/_mock/faults?api_key=${OTHER_KEY}`)).toEqual(otherFaults);
    expect(await read(app, `/_mock/clock?api_key=${OTHER_KEY}`)).toEqual(otherClock);
    // And K's own journal, rules and clock are gone.
    expect((await read(app, `/_mock/requests?api_key=${KEY}`)).requests).toEqual([]);
    expect((await read(app, `/_mock/faults?api_key=${KEY}`)).faults).toEqual([]);
    expect((await read(app, `/_mock/clock?api_key=${KEY}`)).diverged).toBe(false);
  });

  it('the other key still reads its own through the API afterwards: its emails, their attachments, its deliveries', async () => {
    const { app } = await buildTestApp({ config: { RETRY_SCHEDULE: 'none' } });
    await seed(app, OTHER_KEY);
    await seed(app, KEY);
    const emails = (await read(app, `/_mock/emails?api_key=${OTHER_KEY}`)).emails;
    const deliveries = (await read(app, `/_mock/deliveries?api_key=${OTHER_KEY}`)).deliveries;
    expect(emails).toHaveLength(1);
    // The two support requests, and the chat the bot closed (a case like any other).
    expect(deliveries).toHaveLength(3);

    await app.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}` });
    expect((await read(app, `/_mock/emails?api_key=${OTHER_KEY}`)).emails).toEqual(emails);
    expect((await read(app, `/_mock/deliveries?api_key=${OTHER_KEY}`)).deliveries).toEqual(deliveries);
    const attachment = await app.inject({ method: 'GET', url: `/_mock/emails/${emails[0].id}/attachments/0?api_key=${OTHER_KEY}` });
    expect(attachment.statusCode).toBe(200);
    expect(JSON.parse(attachment.body).id).toBe(emails[0].supportRequestId);
  });
});
