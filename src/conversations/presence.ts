// Agents' presence on a widget and what it makes of the widget: online when chat is enabled, the schedule covers the
// key's current instant (on its clock, in the schedule's time zone) and an online agent has a free slot.
import type { Clock } from '../core/clock.js';
import { notFound } from '../core/errors.js';
import type { ConversationsRepository } from '../db/conversations-repository.js';
import type { AgentStatus, PresenceRepository } from '../db/presence-repository.js';
import type { Agent, Widget } from '../db/widgets-repository.js';
import { publishedAgentId } from './published.js';
import { scheduleCovers } from './schedule.js';

/** Chats an agent takes at once on a widget when its status never said otherwise. */
export const DEFAULT_MAX_CHATS = 3;
const WEB_CLIENT_PREFIX = 'wc:';

export interface AgentPresence {
  agent: Agent;
  status: AgentStatus;
  maxChats: number;
  openChats: number;
}

export interface Availability {
  online: boolean;
  /** Why the widget is offline, for a person (the inspector, the agents list); null when online. */
  reason: string | null;
}

/** An agent reference as a caller writes it: `wc:ada@example.com` or `ada@example.com`, any case. */
export const agentKey = (ref: string): string => {
  const lower = ref.trim().toLowerCase();
  return lower.startsWith(WEB_CLIENT_PREFIX) ? lower.slice(WEB_CLIENT_PREFIX.length) : lower;
};

export class Presence {
  constructor(
    private readonly presence: PresenceRepository,
    private readonly conversations: ConversationsRepository,
    private readonly clock: Clock,
    /** Whether a bot takes the widget's chats (src/bots/): it is an agent that is always online and never busy. */
    private readonly hasBot: (widgetId: string) => boolean = () => false,
  ) {}

  /** Every agent the widget has (provisioning decides who), with its status and load on this widget. */
  of(widget: Widget): AgentPresence[] {
    const stored = this.presence.ofWidget(widget.id);
    const open = this.conversations.openByAgent(widget.id);
    return widget.agents.map((agent) => {
      const p = stored.get(agent.agentId);
      return { agent, status: p?.status ?? 'offline', maxChats: p?.maxChats ?? DEFAULT_MAX_CHATS, openChats: open.get(publishedAgentId(agent)) ?? 0 };
    });
  }

  agent(widget: Widget, ref: string): Agent {
    const key = agentKey(ref);
    const agent = widget.agents.find((a) => a.agentId === key);
    if (!agent) throw notFound('agent_not_found', `widget ${widget.id} has no agent ${ref}; its agents are the ones provisioning gave it`);
    return agent;
  }

  set(widget: Widget, agent: Agent, status: AgentStatus, maxChats: number | undefined): AgentPresence {
    const current = this.of(widget).find((p) => p.agent.agentId === agent.agentId)!;
    const next = { status, maxChats: maxChats ?? current.maxChats };
    this.presence.upsert({ widgetId: widget.id, agentId: agent.agentId, partner: widget.partner, ...next, updatedAt: this.clock.now(widget.partner) });
    return { ...current, ...next };
  }

  /** An online agent with a free slot, the least busy first (the widget's order breaks ties). */
  freeAgent(widget: Widget): Agent | undefined {
    const free = this.of(widget).filter((p) => p.status === 'online' && p.openChats < p.maxChats);
    free.sort((a, b) => a.openChats - b.openChats);
    return free[0]?.agent;
  }

  /** Whether `agent` may take one more chat on `widget` now. */
  canTake(widget: Widget, agent: Agent): boolean {
    const p = this.of(widget).find((x) => x.agent.agentId === agent.agentId);
    return p !== undefined && p.status === 'online' && p.openChats < p.maxChats;
  }

  availability(widget: Widget): Availability {
    if (!widget.enableConversations) return { online: false, reason: 'enableConversations is false' };
    if (!scheduleCovers(widget.conversationSchedule, this.clock.now(widget.partner))) {
      return { online: false, reason: `outside the conversationSchedule (${widget.conversationSchedule!.timeZone})` };
    }
    if (this.hasBot(widget.id)) return { online: true, reason: null };
    const agents = this.of(widget);
    if (!agents.some((p) => p.status === 'online')) return { online: false, reason: 'no agent is online' };
    if (!agents.some((p) => p.status === 'online' && p.openChats < p.maxChats)) return { online: false, reason: 'every online agent is at maxChats' };
    return { online: true, reason: null };
  }
}
