// zod schemas of the inspector's data routes (a partner's accounts, one support request, a delivery's retry ladder) and of
// its event stream: they validate what the routes answer, and the page (ui/) is typed by what they infer. zod only: the
// page imports these types, so this module must stay free of Node APIs.
import { z } from 'zod';
import type { InspectorEvent } from '../core/event-hub.js';
import { msEpoch } from '../http/control-schemas.js';
import { integrationResponse } from '../integration/schemas.js';
import { widgetResponse } from '../provisioning/schemas.js';
import { supportRequestSchema } from '../support-request/document-schema.js';

export const keyQuery = z.strictObject({ api_key: z.string() });
export const accountsQuery = z.strictObject({
  api_key: z.string(),
  limit: z.coerce.number().int().min(1).max(1000).default(200).describe('Users (and widgets) listed, oldest first; at most 1000.'),
});
export const idParams = z.strictObject({ id: z.string() });

/** A user as the inspector lists it: no password hash, no API token. */
export const inspectorUserSchema = z.object({
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  accountType: z.string(),
  orgId: z.string(),
  createdAt: msEpoch,
});

/** A widget as the inspector draws it: its agents, schedule and integration settings (whether a token is set, never the token). */
export const inspectorWidgetSchema = z.object({
  uuid: z.string(),
  name: z.string().nullable(),
  email: z.string().describe("The owner's email."),
  destinationEmail: z.string().nullable(),
  agents: widgetResponse.shape.agents,
  enableProactiveChat: z.boolean(),
  enableConversations: z.boolean(),
  conversationSchedule: widgetResponse.shape.conversationSchedule,
  integration: integrationResponse.optional().describe('Absent when the widget has no integration settings.'),
  createdAt: msEpoch,
});

export const accountsResponse = z.object({ users: z.array(inspectorUserSchema), widgets: z.array(inspectorWidgetSchema) });

export const supportRequestView = z.object({
  id: z.string(),
  widgetId: z.string(),
  type: z.string(),
  createdAt: msEpoch,
  document: supportRequestSchema,
  xml: z.string().describe('The document as the legacy XML integration receives it.'),
});

export const ladderStepSchema = z.object({
  attempt: z.number().int(),
  at: msEpoch.describe('When it ran, or when it is due / planned to run if every attempt before it fails.'),
  state: z.enum(['done', 'next', 'planned']),
});

export const ladderResponse = z.object({
  clock: z.enum(['real', 'virtual']),
  maxAttempts: z.number().int(),
  steps: z.array(ladderStepSchema),
});

export type InspectorUser = z.infer<typeof inspectorUserSchema>;
export type InspectorWidget = z.infer<typeof inspectorWidgetSchema>;
export type InspectorAccounts = z.infer<typeof accountsResponse>;
export type SupportRequestView = z.infer<typeof supportRequestView>;
export type LadderStep = z.infer<typeof ladderStepSchema>;
export type Ladder = z.infer<typeof ladderResponse>;

/** One message of GET /_mock/events: what changed, or `ready` once the stream is subscribed. */
export type EventFrame = InspectorEvent | { type: 'ready'; now: number };
