// The agent's side of the front desk, from the control plane (SnapEngage's agent desk is not an API): presence, the
// queue, accepting, replying, typing, closing. An agent who goes offline hands its chats back to the queue.
import { AppError } from '../core/errors.js';
import type { Conversation, ConversationFilter } from '../db/conversations-repository.js';
import type { Message } from '../db/messages-repository.js';
import type { AgentStatus } from '../db/presence-repository.js';
import type { OwnedWidget } from '../db/widgets-repository.js';
import type { AgentScripts } from './agent-scripts.js';
import type { Desk } from './desk.js';
import type { AgentPresence, Availability, Presence } from './presence.js';
import { publishedAgentId } from './published.js';
import type { VisitorChat } from './visitor-chat.js';

export type Reply = { text: string; agentId?: string } | { system: string };

export class AgentDesk {
  constructor(
    private readonly desk: Desk,
    private readonly presence: Presence,
    private readonly scripts: AgentScripts,
    private readonly visitors: VisitorChat,
  ) {}

  /** A widget of `partner`'s (404 for another key's or a missing one). */
  widget(partner: string, widgetId: string): OwnedWidget {
    return this.visitors.widget(widgetId, partner);
  }

  agents(partner: string, widgetId: string): { widget: OwnedWidget; availability: Availability; agents: AgentPresence[] } {
    const widget = this.widget(partner, widgetId);
    return { widget, availability: this.presence.availability(widget), agents: this.presence.of(widget) };
  }

  /** Going offline returns the agent's chats to the queue; coming online lets a script staff the queue. */
  setStatus(partner: string, widgetId: string, agentRef: string, status: AgentStatus, maxChats?: number): AgentPresence {
    const widget = this.widget(partner, widgetId);
    const agent = this.presence.agent(widget, agentRef);
    const presence = this.presence.set(widget, agent, status, maxChats);
    if (status === 'offline') {
      for (const conversation of this.desk.activeOf(widget.id, publishedAgentId(agent))) {
        this.desk.requeue(conversation, `${agent.agentAlias} left the chat. Please wait for the next available agent.`);
      }
    }
    if (status === 'online') this.scripts.staffQueue(widget);
    this.desk.presenceChanged(widget);
    return this.presence.of(widget).find((p) => p.agent.agentId === agent.agentId) ?? presence;
  }

  list(filter: ConversationFilter): Conversation[] {
    return this.desk.list(filter);
  }

  detail(partner: string, caseId: string): { conversation: Conversation; messages: Message[] } {
    const conversation = this.desk.get(partner, caseId);
    return { conversation, messages: this.desk.lines(conversation) };
  }

  /** A queued chat taken by an agent of its widget who is online with a free slot. */
  accept(partner: string, caseId: string, agentRef: string): Conversation {
    const conversation = this.desk.get(partner, caseId);
    this.desk.assertOpen(conversation);
    if (conversation.status !== 'queued') {
      const holder = conversation.status === 'bot' ? "the widget's bot (it queues when the bot hands over)" : conversation.agentId;
      throw new AppError(409, 'conversation_not_queued', `conversation ${caseId} is already taken by ${holder}`);
    }
    const widget = this.widget(partner, conversation.widgetId);
    const agent = this.presence.agent(widget, agentRef);
    if (!this.presence.canTake(widget, agent)) {
      const p = this.presence.of(widget).find((x) => x.agent.agentId === agent.agentId)!;
      const why = p.status !== 'online' ? `is ${p.status}` : `has ${p.openChats} chats, its maxChats`;
      throw new AppError(409, 'agent_unavailable', `agent ${agentRef} ${why}: set it online with a free slot first (PUT /_mock/widgets/${widget.id}/agents/{agentId}/status)`);
    }
    this.desk.assign(conversation, agent);
    return conversation;
  }

  /** An agent's line (the chat's own agent unless `agentId` names another of the widget's), or a system line. */
  reply(partner: string, caseId: string, reply: Reply): Message {
    const conversation = this.desk.get(partner, caseId);
    this.desk.assertOpen(conversation);
    if ('system' in reply) return this.desk.post(conversation, { kind: 'system', author: 'system', text: reply.system });
    const widget = this.widget(partner, conversation.widgetId);
    const ref = reply.agentId ?? conversation.agentId;
    if (ref === null) {
      throw new AppError(409, 'agent_unavailable', `conversation ${caseId} has no agent yet: accept it first, or name agentId`);
    }
    const agent = this.presence.agent(widget, ref);
    return this.desk.post(conversation, { kind: 'agent', author: agent.agentAlias, agentId: publishedAgentId(agent), text: reply.text });
  }

  typing(partner: string, caseId: string, typing: boolean): Conversation {
    const conversation = this.desk.get(partner, caseId);
    this.desk.assertOpen(conversation);
    this.desk.typing(conversation, 'agent', typing);
    return conversation;
  }

  close(partner: string, caseId: string, by: string): Conversation {
    const conversation = this.desk.get(partner, caseId);
    this.desk.close(conversation, by);
    return conversation;
  }
}
