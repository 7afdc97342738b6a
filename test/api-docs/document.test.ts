import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operationsOf } from '../../src/api-docs/finish-document.js';
import { DEFAULT_SERVER_URL } from '../../src/api-docs/swagger.js';
import { buildTestApp } from '../helpers/build-test-app.js';

const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'));
const operations = operationsOf(doc);

/** Every [JSON pointer, value] pair of a key, anywhere in the document. */
function occurrences(node: unknown, key: string, at = '#'): Array<[string, unknown]> {
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => {
    const here = `${at}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    return [...(k === key ? [[here, v] as [string, unknown]] : []), ...occurrences(v, key, here)];
  });
}

function resolvePointer(pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<any>((node, part) => node?.[part], doc);
}

describe('the committed OpenAPI document, as Swagger UI resolves it', () => {
  it('has no $id or $schema keys (a component $id re-bases its $refs: "Could not resolve reference")', () => {
    // Property names are keys of `properties`, not schema keywords; none of ours is called $id or $schema either.
    expect(occurrences(doc, '$id')).toEqual([]);
    expect(occurrences(doc, '$schema')).toEqual([]);
  });

  it('has every $ref point into the document at something that exists, and no component left unused', () => {
    const refs = occurrences(doc, '$ref').map(([, ref]) => ref as string);
    expect(refs.length).toBeGreaterThan(30);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(resolvePointer(ref), ref).toBeTypeOf('object');
    }
    const used = new Set(refs.map((ref) => ref.split('/').pop()));
    expect(Object.keys(doc.components.schemas).filter((name) => !used.has(name))).toEqual([]);
  });

  it('gives every operation a unique camelCase operationId, a summary and a real description per status', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(operations.length);
    for (const { method, path, operation } of operations) {
      const name = `${method.toUpperCase()} ${path}`;
      expect(operation.operationId, name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(operation.summary, name).toMatch(/\w/);
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        expect(response.description, `${name} ${status}`).not.toBe('Default Response');
        expect(response.description, `${name} ${status}`).toMatch(/\w/);
      }
    }
  });

  it('prefills an example body for every operation that takes one, and the documented user and widget answers', () => {
    const withBody = operations.filter(({ operation }) => operation.requestBody);
    expect(withBody.map(({ operation }) => operation.operationId).sort()).toEqual(
      [
        'acceptConversation',
        'addFault',
        'advanceClock',
        'closeConversation',
        'createSupportRequest',
        'createUser',
        'createWidget',
        'inviteWidgetVisitor',
        'registerWidgetVisitor',
        'replyToConversation',
        'sendProactiveInvitation',
        'sendWidgetChatLine',
        'setAgentScript',
        'setAgentStatus',
        'setAgentTyping',
        'setBot',
        'setChatSettings',
        'setIntegration',
        'startChat',
        'startWidgetChat',
        'switchWidgetVisitors',
        'updateUser',
        'updateWidget',
      ],
    );
    for (const { operation } of withBody) {
      expect(operation.requestBody.content['application/json'].example, operation.operationId).toBeTypeOf('object');
    }
    const createUser = doc.paths['/api/v1/user.json'].put;
    // SnapEngage's sample request ("Jimbo Something"), and its answer without the password.
    expect(createUser.requestBody.content['application/json'].example).toMatchObject({ name: 'Jimbo Something', password: '12345' });
    expect(createUser.responses['201'].content['application/json'].example).not.toHaveProperty('password');
    expect(doc.paths['/api/v1/widget.json'].put.responses['201'].content['application/json'].example.agents[0].agentId).toMatch(/^wc:/);
  });

  it('names the address `npm start` serves as its server', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: DEFAULT_SERVER_URL })]);
    expect(DEFAULT_SERVER_URL).toBe('http://127.0.0.1:8080');
  });
});

describe('/documentation/json', () => {
  it("names the running mock's own URL as the server, so Try it out calls the mock that served the page", async () => {
    const { request, url } = await buildTestApp({ listen: true });
    const served = (await request('GET', '/documentation/json')).json();
    expect(served.servers).toEqual([expect.objectContaining({ url })]);
    // Everything else is the committed document, and the yaml form says the same.
    expect({ ...served, servers: doc.servers }).toEqual(doc);
    expect((await request('GET', '/documentation/yaml')).text).toContain(`url: ${url}`);
  });

  it('falls back to the default server when the Host header is not a host', async () => {
    // On every interface (the container) any Host reaches the route; on loopback such a Host is refused before it.
    const { app } = await buildTestApp({ config: { HOST: '0.0.0.0' } });
    const reply = await app.inject({ method: 'GET', url: '/documentation/json', headers: { host: 'evil"host/<x>' } });
    expect(reply.json().servers[0].url).toBe(DEFAULT_SERVER_URL);
  });
});
