// The widget rules of the Provisioning API: owner checks, agent normalisation, schedules, deprecated fields.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { badRequest, forbidden, notFound } from '../core/errors.js';
import type { Agent, OwnedWidget, Widget, WidgetsRepository } from '../db/widgets-repository.js';
import { checkSchedule } from './conversation-schedule.js';
import type { WidgetCreate, WidgetResponse, WidgetUpdate } from './schemas.js';
import type { UsersService } from './users-service.js';

const WEB_CLIENT_PREFIX = 'wc:';

function normaliseAgents(agents: WidgetCreate['agents']): Agent[] {
  const seen = new Map<string, number>();
  return agents.map((agent, index) => {
    let agentId = agent.agentId.toLowerCase();
    // Clients that echo a GET response back send `wc:` ids; store the bare id so it is never doubled.
    if (agent.agentType === 'webclient' && agentId.startsWith(WEB_CLIENT_PREFIX)) agentId = agentId.slice(WEB_CLIENT_PREFIX.length);
    const first = seen.get(agentId);
    if (first !== undefined) {
      throw badRequest(`agents.${index}.agentId`, 'unique', `agent ${agentId} is listed twice (agents.${first} and agents.${index})`);
    }
    seen.set(agentId, index);
    return { ...agent, agentId };
  });
}

const proactive = (value: WidgetCreate['enableProactiveChat']): boolean | undefined =>
  value === undefined ? undefined : value === true || value === 'true';

export class WidgetsService {
  constructor(
    private readonly widgets: WidgetsRepository,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  /** `id` is the API's random UUID unless a caller (the fixture loader) pins one. */
  create(partner: string, body: WidgetCreate, id: string = randomUUID()): OwnedWidget {
    const owner = this.users.ownedUser(partner, body.email);
    const agents = normaliseAgents(body.agents);
    if (body.conversationSchedule) checkSchedule(body.conversationSchedule);
    const now = this.clock.now(partner);
    const widget: Widget = {
      id,
      partner,
      ownerId: owner.id,
      name: body.name ?? null,
      destinationEmail: body.destinationEmail?.toLowerCase() ?? null,
      agents,
      enableProactiveChat: proactive(body.enableProactiveChat) ?? false,
      enableConversations: body.enableConversations ?? true,
      conversationSchedule: body.conversationSchedule ?? null,
      createdAt: now,
      updatedAt: now,
    };
    this.widgets.insert(widget);
    return { ...widget, ownerEmail: owner.email };
  }

  /** The widget for a request by `partner` naming `email` as its owner; 404 or 403 otherwise. */
  get(partner: string, id: string, rawEmail: string): OwnedWidget {
    const widget = this.widgets.findById(id);
    // Another partner's widget is indistinguishable from a missing one.
    if (!widget || widget.partner !== partner) throw notFound('widget_not_found', `no widget with uuid ${id}`);
    const email = rawEmail.toLowerCase();
    if (widget.ownerEmail !== email) {
      throw forbidden('owner_mismatch', `widget ${id} is not owned by ${email}: pass the email of the user who owns it`);
    }
    return widget;
  }

  /** Fields left out keep their value; `agents` is required and replaces the list. */
  update(partner: string, body: WidgetUpdate): OwnedWidget {
    const current = this.get(partner, body.uuid, body.email);
    const agents = normaliseAgents(body.agents);
    if (body.conversationSchedule) checkSchedule(body.conversationSchedule);
    const updated: OwnedWidget = {
      ...current,
      name: body.name === undefined ? current.name : body.name,
      destinationEmail: body.destinationEmail === undefined ? current.destinationEmail : (body.destinationEmail?.toLowerCase() ?? null),
      agents,
      enableProactiveChat: proactive(body.enableProactiveChat) ?? current.enableProactiveChat,
      enableConversations: body.enableConversations ?? current.enableConversations,
      conversationSchedule: body.conversationSchedule === undefined ? current.conversationSchedule : body.conversationSchedule,
      updatedAt: this.clock.now(partner),
    };
    this.widgets.update(updated);
    return updated;
  }

  delete(partner: string, id: string, email: string): void {
    this.widgets.delete(this.get(partner, id, email).id);
  }
}

/** Agents as SnapEngage shows them (in the widget response and in transcripts): web-client ids carry `wc:`. */
export function publishedAgents(agents: readonly Agent[]): Agent[] {
  return agents.map((a) => ({ ...a, agentId: a.agentType === 'webclient' ? WEB_CLIENT_PREFIX + a.agentId : a.agentId }));
}

/** The documented response: `wc:` agent ids, the proactive flag as a string, deprecated fields null. */
export function toWidgetResponse(widget: OwnedWidget): WidgetResponse {
  return {
    name: widget.name,
    email: widget.ownerEmail,
    destinationEmail: widget.destinationEmail,
    uuid: widget.id,
    agents: publishedAgents(widget.agents),
    enableProactiveChat: widget.enableProactiveChat ? 'true' : 'false',
    enableConversations: widget.enableConversations,
    conversationSchedule: widget.conversationSchedule,
    onlineButtonUrl: null,
    offlineButtonUrl: null,
    proactiveSettings: null,
  };
}

