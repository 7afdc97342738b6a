// The provisioning document's curl and Python samples, replayed over real HTTP with only the host changed.
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { startServer } from '../../src/process/server.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The real server entry (what `snapengage-mock` runs), not buildTestApp: the samples go through its HTTP stack. */
async function start(): Promise<string> {
  const server = await startServer(
    loadConfig({ PORT: 0, HTTPS_PORT: 'off', DATABASE_PATH: join(tempDir(), 'samples.db'), SNAPENGAGE_API_KEYS: 'partner-key', LOG_LEVEL: 'silent' }),
  );
  onTestFinished(() => server.close());
  return `${server.url}/api/v1`;
}

/** curl -X METHOD 'url' [-H 'Content-Type: application/json' -d '...'] */
const curl = (method: string, url: string, data?: string) =>
  fetch(url, { method, ...(data === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: data }) });

/** requests.request(METHOD, url, data=payload, params=querystring): a str body and no Content-Type header. */
async function python(method: string, url: string, params: Record<string, string>, payload?: string) {
  const body = payload === undefined ? undefined : new Blob([payload]); // a Blob with no type sends no Content-Type
  return fetch(`${url}?${new URLSearchParams(params)}`, { method, body });
}

const user = { email: 'jimbo@example.com', name: 'Jimbo Something', phone: '555-617-8980' };

describe('the documented curl samples', () => {
  it('run in order against the mock with the documented statuses and fields', async () => {
    const base = await start();
    const key = 'api_key=partner-key';
    const userJson = (accountType: string) =>
      `{\n    "email" : "${user.email}",\n    "name" : "Jimbo Something",\n    "password" : "12345",\n    "phone" : "555-617-8980",\n    "accountType" : "${accountType}"\n    }`;

    let res = await curl('PUT', `${base}/user.json?${key}`, userJson('enterprise'));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ...user, accountType: 'enterprise' });

    res = await curl('GET', `${base}/user.json?${key}&email=${user.email}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...user, accountType: 'enterprise' });

    res = await curl('POST', `${base}/user.json?${key}`, userJson('enterprise'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...user, accountType: 'enterprise' });

    res = await curl(
      'PUT',
      `${base}/widget.json?${key}`,
      `{
   "email": "${user.email}",
   "destinationEmail": "transcripts@example.com",
   "name": "Widget #1",
   "agents":[
      {
         "agentId": "a.new.agent@example.com",
         "agentAlias": "A New Agent",
         "agentAvatar": "https://www.website.com/a_new_agent_avatar.png",
         "agentType": "webclient"
      }
   ],
   "enableProactiveChat": "true",
   "enableConversations": true,
   "conversationSchedule": {
        "timeZone": "US/Mountain",
        "schedules": [
            { "dayOfWeek": "MONDAY", "enabled": true, "scheduleList": ["9:00 AM","12:00 PM"] },
            { "dayOfWeek": "MONDAY", "enabled": true, "scheduleList": ["1:00 PM","5:00 PM"] }
        ]
     }
  }`,
    );
    expect(res.status).toBe(201);
    const widget = (await res.json()) as Record<string, unknown>;
    expect(widget).toMatchObject({
      name: 'Widget #1',
      email: user.email,
      destinationEmail: 'transcripts@example.com',
      agents: [{ agentId: 'wc:a.new.agent@example.com', agentAlias: 'A New Agent', agentAvatar: 'https://www.website.com/a_new_agent_avatar.png', agentType: 'webclient' }],
      enableProactiveChat: 'true',
      enableConversations: true,
    });
    const uuid = widget.uuid as string;

    res = await curl('GET', `${base}/widget.json?${key}&uuid=${uuid}&email=${user.email}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ uuid, name: 'Widget #1', enableProactiveChat: 'true' });

    res = await curl(
      'POST',
      `${base}/widget.json?${key}`,
      `{
   "email": "${user.email}",
   "destinationEmail": "transcripts@example.com",
   "name": "Widget #1 - Sales Widget",
   "uuid": "${uuid}",
   "agents":[
      {
         "agentId": "a.new.agent@example.com",
         "agentAlias": "A New Agent",
         "agentAvatar": "https://www.website.com/a_new_agent_avatar.png",
         "agentType": "webclient"
      }
   ],
   "enableProactiveChat": "false",
   "enableConversations": true
}`,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ uuid, name: 'Widget #1 - Sales Widget', enableProactiveChat: 'false', enableConversations: true });

    res = await curl('DELETE', `${base}/widget.json?${key}&uuid=${uuid}&email=${user.email}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');

    res = await curl('DELETE', `${base}/user.json?${key}&email=${user.email}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('the documented Python samples', () => {
  it('run in order, sending bodies without a Content-Type, with the documented statuses', async () => {
    const base = await start();
    const q = { api_key: 'partner-key' };

    let res = await python('PUT', `${base}/user.json`, q,
      `{"email" : "${user.email}", "name" : "Jimbo Something", "password" : "12345",` + `"phone" : "555-617-8980", "accountType" : "enterprise"}`);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ...user, accountType: 'enterprise' });

    res = await python('GET', `${base}/user.json`, { ...q, email: user.email });
    expect(res.status).toBe(200);

    res = await python('POST', `${base}/user.json`, q,
      `{"email" : "${user.email}", "name" : "Jimbo Something", "password" : "12345", "phone" : "555-617-8980", ` + `"accountType" : "prem"}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...user, accountType: 'prem' });

    const agents = `"agents" : [{ "agentId" : "a.new.agent@example.com", "agentAlias" : "A New Agent",` +
      `"agentAvatar" : "https://www.website.com/a_new_agent_avatar.png", "agentType" : "webclient" }],`;
    res = await python('PUT', `${base}/widget.json`, q,
      `{ "email" : "${user.email}", "destinationEmail" : "transcripts@example.com", "name" : "A New Widget!",` + agents + `"enableProactiveChat" : "true"}`);
    expect(res.status).toBe(201);
    const { uuid } = (await res.json()) as { uuid: string };

    res = await python('GET', `${base}/widget.json`, { ...q, uuid, email: user.email });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'A New Widget!', enableProactiveChat: 'true' });

    res = await python('POST', `${base}/widget.json`, q,
      `{ "email" : "${user.email}", "destinationEmail" : "transcripts@example.com",` + `"name" : "A new name for this widget", "uuid" : "${uuid}",` + agents + `"enableProactiveChat" : "true"}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ uuid, name: 'A new name for this widget' });

    res = await python('DELETE', `${base}/widget.json`, { ...q, uuid, email: user.email });
    expect(res.status).toBe(200);
    res = await python('DELETE', `${base}/user.json`, { ...q, email: user.email });
    expect(res.status).toBe(200);
  });
});
