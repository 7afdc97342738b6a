// The OpenAPI document (@fastify/swagger, from the routes' zod schemas) and Swagger UI at /documentation.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { ACCOUNTS_TAG } from '../accounts/credentials-routes.js';
import { BOTS_TAG, CLOCK_TAG, CONTROL_TAG, DELIVERIES_TAG, FRONT_DESK_TAG, INTEGRATION_TAG } from '../http/control-schemas.js';
import { AVAILABILITY_TAG } from '../conversations/availability-routes.js';
import { VISITOR_CHAT_TAG } from '../conversations/visitor-chat-routes.js';
import { WIDGET_TAG } from '../widget-js/schemas.js';
import { DEFAULT_DEV_API_KEY, DEFAULT_PORT, type Config } from '../core/config.js';
import { FILES_TAG } from '../files/files-routes.js';
import { LOGS_TAG } from '../logs/index.js';
import { VERSION } from '../core/version.js';
import { DEMO_ORG_ID } from './examples.js';
import { finishDocument } from './finish-document.js';
import { registerSwaggerUiOnDemand } from './swagger-ui-on-demand.js';

/** The committed document's server: where `npm start` listens with the default HOST and PORT. */
export const DEFAULT_SERVER_URL = `http://127.0.0.1:${DEFAULT_PORT}`;

/** A Host header as browsers and HTTP clients send it: a name, an IPv4 or a bracketed IPv6 address, and a port. */
const HOST_HEADER = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The URL this request reached the mock at, so that "Try it out" calls the mock that served the page. */
function serverUrlOf(request: FastifyRequest): string {
  const host = request.host;
  return HOST_HEADER.test(host) ? `${request.protocol}://${host}` : DEFAULT_SERVER_URL;
}

export async function registerApiDocs(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'snapengage-mock',
        version: VERSION,
        description:
          "A stateful mock of SnapEngage's Provisioning REST API and Integration API. See README.md and docs/fidelity.md for what it emulates and where it had to choose.",
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: DEFAULT_SERVER_URL, description: 'The mock as `npm start` runs it (the served document names the mock serving it)' }],
      tags: [
        { name: 'users', description: 'Provisioning API: user accounts' },
        { name: 'widgets', description: 'Provisioning API: widgets' },
        { name: LOGS_TAG, description: "Logs API: an organization's cases, paged, opened by its orgId and API token" },
        { name: FILES_TAG, description: 'Files uploaded during a chat: https only, opened by the orgId and API token of their organization' },
        { name: INTEGRATION_TAG, description: "Integration API: a widget's integration settings and support requests on demand" },
        { name: DELIVERIES_TAG, description: 'Integration API: webhook deliveries, their attempts, redelivery, fallback emails' },
        { name: ACCOUNTS_TAG, description: "An account's orgId and API token (SnapEngage's My Account), for the partner that owns it" },
        { name: CLOCK_TAG, description: 'The virtual clock that walks the 2-hour retry ladder in milliseconds' },
        { name: CONTROL_TAG, description: "The mock's own control surface: health, reset, request journal, fault injection" },
        { name: AVAILABILITY_TAG, description: 'Widget availability and the status image: what SnapEngage serves without a key (its mobile SDKs ask it)' },
        { name: VISITOR_CHAT_TAG, description: 'Visitor Chat API: a visitor (a mobile app, a custom chat client) starts a chat, polls, sends, closes' },
        { name: WIDGET_TAG, description: "What the JavaScript widget's script (/js/{widgetId}.js) calls from a page: keyless, a secret token per page" },
        { name: FRONT_DESK_TAG, description: "The front desk's other side: agents' presence, scripted agents, the queue and each chat, played from the control plane" },
        { name: BOTS_TAG, description: "Chat bots (SnapEngage's Chatbot API): a widget's bot, which the mock calls with each visitor turn until it hands over to a human; every call recorded" },
      ],
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'query', name: 'api_key', description: `Your partner API key (the mock's default: \`${DEFAULT_DEV_API_KEY}\`).` },
          apiToken: { type: 'apiKey', in: 'header', name: 'Authorization', description: "The organization's API token, raw (no scheme): the Logs API." },
          visitorApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: `Your API key, in the header the Visitor Chat API reads it from (the mock's default: \`${DEFAULT_DEV_API_KEY}\`).` },
          visitorToken: { type: 'apiKey', in: 'header', name: 'x-visitor-token', description: "A page's own secret, answered when the widget registers the page: what keeps another page out of its chat." },
          adminToken: { type: 'apiKey', in: 'header', name: 'x-mock-admin-token', description: 'MOCK_ADMIN_TOKEN, when set: guards the control calls that act on every key.' },
        },
      },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => finishDocument(jsonSchemaTransformObject(input)),
  });

  // Swagger UI itself loads on the first request to the page (see swagger-ui-on-demand.ts), and starts authorized for
  // every API it can be: "Try it out" then works at once on the Provisioning API, the Visitor Chat API (the default key,
  // when the mock accepts it) and the Logs API and files (the demo organization's token, when the demo data is loaded;
  // read then, from what the fixtures pinned, so a token nobody published never reaches the page).
  const acceptsDevKey = config.SNAPENGAGE_API_KEYS.includes(DEFAULT_DEV_API_KEY) || config.SNAPENGAGE_API_KEYS.includes('*');
  registerSwaggerUiOnDemand(app, '/documentation', () => ({
    uiConfig: preauthorization({
      ...(acceptsDevKey ? { apiKey: DEFAULT_DEV_API_KEY, visitorApiKey: DEFAULT_DEV_API_KEY } : {}),
      ...optional('apiToken', app.ctx.fixtures.pinnedApiToken(DEMO_ORG_ID)),
    }),
    // The served copy names the mock it came from; the committed document keeps DEFAULT_SERVER_URL.
    transformSpecification: (spec, request) => ({ ...spec, servers: [{ url: serverUrlOf(request), description: 'This mock' }] }),
    transformSpecificationClone: false,
  }));
}

const optional = (name: string, value: string | undefined): Record<string, string> => (value === undefined ? {} : { [name]: value });

/**
 * Swagger UI's onComplete, authorizing each security scheme with its value. The function's source is inlined into
 * @fastify/swagger-ui's initializer script, where `ui` is the Swagger UI instance (test/api-docs/swagger-ui.test.ts
 * checks that it still is); the values are JSON string literals in it.
 */
function preauthorization(values: Record<string, string>): { onComplete?: () => void } {
  const calls = Object.entries(values).map(([scheme, value]) => `ui.preauthorizeApiKey(${JSON.stringify(scheme)}, ${JSON.stringify(value)});`);
  if (calls.length === 0) return {};
  return { onComplete: new Function(`if (typeof ui !== 'undefined') { ${calls.join(' ')} }`) as () => void };
}
