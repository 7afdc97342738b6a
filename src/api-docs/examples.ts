// The examples of the OpenAPI document, by operationId: what Swagger UI's "Try it out" starts from. The bodies are
// SnapEngage's own samples (the Provisioning API document's user and widget JSON, the Integration API document's
// support request), with the published e-mail addresses (obfuscated in the document) replaced by the demo data's
// (fixtures/demo.json), so that each example, sent alone to a fresh `npm start` mock, succeeds.
// test/api-docs/examples.test.ts sends every one of them to a real app.
import { DEFAULT_DEV_API_KEY } from '../core/config.js';
import { integrationApiSample } from './integration-api-sample.js';

export interface OperationExamples {
  /** The request body's example (required for every operation with a body). */
  body?: unknown;
  /** Path and query parameter examples, over `parameterExamples`. */
  parameters?: Record<string, unknown>;
  /** JSON response examples by status. */
  responses?: Record<string, unknown>;
}

/** The demo data's records (fixtures/demo.json), which a fresh `npm start` mock holds. */
const DEMO_USER = 'ada@example.com';
const DEMO_WIDGET = '0d3a5e2c-5b7f-4c1e-9a2d-6f8b1c4e7a90';
/** Ada's organization: the Logs API's example orgId, and the one whose pinned token Swagger UI is authorized with. */
export const DEMO_ORG_ID = '5629499534213120';
/** The demo's staffed chat widget: Ada online, a scripted agent. */
const DEMO_CHAT_WIDGET = '7e1b4c9a-2d3f-4a5b-8c6d-9e0f1a2b3c4d';
/** A page's visitorId, as registering answers one (pages are not kept across restarts, so no fixture holds one). */
const DEMO_VISITOR = 'vis_0b6f3d2a-9c4e-4f1b-8a7d-5e2c1f0a9b36';

/** Required parameters by name, in every operation that has them. */
export const parameterExamples: Record<string, unknown> = {
  api_key: DEFAULT_DEV_API_KEY,
  email: DEMO_USER,
  uuid: DEMO_WIDGET,
  widgetId: DEMO_WIDGET,
  orgId: DEMO_ORG_ID,
  start: '2026-01-01',
  end: '2026-12-31',
};

// "Create a new user account": the document's request JSON.
const userCreate = {
  email: 'jim@example.com',
  name: 'Jimbo Something',
  password: '12345',
  phone: '555-617-8980',
  accountType: 'enterprise',
};
const { password: _password, ...userResponse } = userCreate;

const agent = {
  agentId: 'charlie@example.com',
  agentAlias: 'An Agent',
  agentAvatar: 'https://www.website.com/charlie.png',
  agentType: 'webclient',
};

// "Create a new widget": the document's request JSON, owned by the demo user.
const widgetCreate = {
  email: DEMO_USER,
  destinationEmail: DEMO_USER,
  name: 'Widget #1',
  agents: [agent],
  enableProactiveChat: 'true',
  enableConversations: true,
  conversationSchedule: {
    timeZone: 'US/Mountain',
    schedules: [
      { dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['8:00 AM', '5:00 PM'] },
      { dayOfWeek: 'TUESDAY', enabled: true, scheduleList: ['8:00 AM', '5:00 PM'] },
    ],
  },
};

const widgetResponse = {
  name: 'Widget #1',
  email: DEMO_USER,
  destinationEmail: DEMO_USER,
  uuid: '31a11b98-ffd2-425d-aa69-2c6ff8a40a16',
  agents: [{ ...agent, agentId: `wc:${agent.agentId}` }],
  enableProactiveChat: 'true',
  enableConversations: true,
  conversationSchedule: widgetCreate.conversationSchedule,
  onlineButtonUrl: null,
  offlineButtonUrl: null,
  proactiveSettings: null,
};

// The Integration API document's sample, as the fields a caller may pin (the derived ones are computed).
const { url: _url, snapshot_image_url: _snapshot, created_at_date: _date, source_id: _source, ...pinnable } = integrationApiSample;

export const operationExamples: Record<string, OperationExamples> = {
  createUser: { body: userCreate, responses: { 201: userResponse } },
  getUser: { responses: { 200: userResponse } },
  // "Update an existing user account": the document's Java and Python samples move the account to `prem`.
  updateUser: {
    body: { email: DEMO_USER, name: 'Ada Demo', password: '12345', phone: '555-617-8980', accountType: 'prem' },
    responses: { 200: { email: DEMO_USER, name: 'Ada Demo', phone: '555-617-8980', accountType: 'prem' } },
  },
  createWidget: { body: widgetCreate, responses: { 201: widgetResponse } },
  getWidget: { responses: { 200: widgetResponse } },
  // "Update an existing widget": the curl sample's split Monday (a lunch break) on the demo widget.
  updateWidget: {
    body: {
      ...widgetCreate,
      uuid: DEMO_WIDGET,
      agents: [{ ...agent, agentAlias: 'A New Agent', agentAvatar: 'https://www.website.com/a_new_agent_avatar.png' }],
      conversationSchedule: {
        timeZone: 'US/Mountain',
        schedules: [
          { dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['9:00 AM', '12:00 PM'] },
          { dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['1:00 PM', '5:00 PM'] },
        ],
      },
    },
  },
  addFault: { body: { method: 'PUT', path: '/api/v1/user.json', api_key: DEFAULT_DEV_API_KEY, status: 503, count: 1 } },
  advanceClock: { body: { ms: 30_000 } },
  setIntegration: { body: { url: 'http://127.0.0.1:9000/snapengage', authHeader: 'Authorization', format: 'json' } },
  createSupportRequest: {
    body: {
      type: pinnable.type,
      requested_by: pinnable.requested_by,
      requester_details: pinnable.requester_details,
      description: pinnable.description,
      transcripts: pinnable.transcripts,
    },
    responses: { 201: { supportRequest: integrationApiSample, deliveryId: 'dlv_5b0e7c1e-2f4a-4d8e-9c3b-7a1f2e6d8c90' } },
  },
  getDelivery: { parameters: { id: 'dlv_5b0e7c1e-2f4a-4d8e-9c3b-7a1f2e6d8c90' } },
  redeliver: { parameters: { id: 'dlv_5b0e7c1e-2f4a-4d8e-9c3b-7a1f2e6d8c90' } },
  removeFault: { parameters: { id: 'flt_3c9e2b7a-8d41-4f6e-a5b2-1e7d9c0f4a68' } },
  getEmailAttachment: { parameters: { id: 'eml_9a4c1e7b-3d2f-4b8a-8e6c-5f0d2a7b1c93', index: 0 } },
  downloadFile: { parameters: { fileId: 'fil_7d2e9b4c1a8f4e6b9c3d5a0e2f7b8c1d', name: 'screenshot.png' } },
  // The front desk, on the demo's staffed chat widget.
  getWidgetAvailability: { parameters: { widgetId: DEMO_CHAT_WIDGET } },
  getStatusImage: { parameters: { w: DEMO_CHAT_WIDGET } },
  getChatAvailability: { parameters: { widgetId: DEMO_CHAT_WIDGET } },
  startChat: {
    parameters: { widgetId: DEMO_CHAT_WIDGET, email: 'visitor@example.com', visitorMessage: 'What is the price?' },
    body: { widgetId: DEMO_CHAT_WIDGET, email: 'visitor@example.com', visitorMessage: 'What is the price?' },
  },
  pollChat: { parameters: { caseId: '3f6c2a9e-8b1d-4e7f-a5c0-2d9b8e1f4a73', index: 0 } },
  sendChatMessage: { parameters: { caseId: '3f6c2a9e-8b1d-4e7f-a5c0-2d9b8e1f4a73', messageType: '1', messageBody: 'And your hours?' } },
  listWidgetAgents: { parameters: { widgetId: DEMO_CHAT_WIDGET } },
  getAgentScript: { parameters: { widgetId: DEMO_CHAT_WIDGET } },
  deleteAgentScript: { parameters: { widgetId: DEMO_CHAT_WIDGET } },
  getChatSettings: { parameters: { widgetId: DEMO_CHAT_WIDGET } },
  setAgentStatus: { parameters: { widgetId: DEMO_CHAT_WIDGET, agentId: 'wc:grace@example.com' }, body: { status: 'online', maxChats: 3 } },
  setAgentScript: {
    parameters: { widgetId: DEMO_CHAT_WIDGET },
    body: { acceptAfterMs: 2000, greeting: "Hi, I'm {alias}. How can I help?", replies: [{ match: 'price', text: 'Our plans start at $10 a month.' }], fallback: 'Let me check that for you.', typingMs: 800 },
  },
  setChatSettings: { parameters: { widgetId: DEMO_CHAT_WIDGET }, body: { emailRequired: true, messageRequired: false, screenshotRequired: false } },
  acceptConversation: { parameters: { caseId: '3f6c2a9e-8b1d-4e7f-a5c0-2d9b8e1f4a73' }, body: { agentId: 'wc:ada@example.com' } },
  replyToConversation: { parameters: { caseId: '3f6c2a9e-8b1d-4e7f-a5c0-2d9b8e1f4a73' }, body: { text: 'Happy to help.' } },
  setAgentTyping: { parameters: { caseId: '3f6c2a9e-8b1d-4e7f-a5c0-2d9b8e1f4a73' }, body: { typing: true } },
  closeConversation: { parameters: { caseId: '3f6c2a9e-8b1d-4e7f-a5c0-2d9b8e1f4a73' }, body: { by: 'agent' } },
  getConversation: { parameters: { caseId: '3f6c2a9e-8b1d-4e7f-a5c0-2d9b8e1f4a73' } },
  // A bot on the demo's chat widget: SnapEngage's Node template, served on port 9001 (README, Bots).
  setBot: { parameters: { widgetId: DEMO_CHAT_WIDGET }, body: { url: 'http://127.0.0.1:9001/bot', token: 'my-bot-token', name: 'Snappy', timeoutMs: 5000 } },
  getBot: { parameters: { widgetId: DEMO_CHAT_WIDGET } },
  deleteBot: { parameters: { widgetId: DEMO_CHAT_WIDGET } },
  listBotCalls: { parameters: { caseId: '3f6c2a9e-8b1d-4e7f-a5c0-2d9b8e1f4a73' } },
  // The JavaScript widget: what its script calls from a page (the visitor's token comes from registering), and the triggers.
  registerWidgetVisitor: { body: { widgetId: DEMO_CHAT_WIDGET, pageUrl: 'https://shop.example.com/pricing', referrerUrl: 'https://www.example.org/' } },
  pollWidgetVisitor: { parameters: { visitorId: DEMO_VISITOR } },
  startWidgetChat: {
    parameters: { visitorId: DEMO_VISITOR },
    body: { email: 'visitor@example.com', name: 'Vic Visitor', message: 'What is the price?', variables: [{ name: 'plan', value: 'gold' }] },
  },
  inviteWidgetVisitor: { parameters: { visitorId: DEMO_VISITOR }, body: { message: 'Hi! Can I help you with anything?' } },
  sendWidgetChatLine: { parameters: { visitorId: DEMO_VISITOR }, body: { text: 'And your hours?' } },
  closeWidgetChat: { parameters: { visitorId: DEMO_VISITOR } },
  leaveWidgetVisitor: { parameters: { visitorId: DEMO_VISITOR } },
  listWidgetVisitors: { parameters: { widgetId: DEMO_CHAT_WIDGET } },
  sendProactiveInvitation: { parameters: { widgetId: DEMO_CHAT_WIDGET }, body: { message: 'Hi! Questions about our plans?', agentId: 'wc:ada@example.com' } },
  switchWidgetVisitors: { parameters: { widgetId: DEMO_CHAT_WIDGET }, body: { to: DEMO_WIDGET } },
};
