// A closed conversation as the case SnapEngage records: its lines (system lines are not transcribed), the agent who had
// it last, and what the visitor and the page told about themselves.
import type { Conversation } from '../db/conversations-repository.js';
import type { Message } from '../db/messages-repository.js';
import type { Widget } from '../db/widgets-repository.js';
import type { SupportRequest } from '../support-request/document-schema.js';
import { buildLivedCase, type LivedLine } from '../support-request/lived.js';
import { publishedAgentId } from './published.js';

/** `conversation` must be closed (closedAt and endedBy set). */
export function caseOf(conversation: Conversation, messages: readonly Message[], widget: Widget): SupportRequest {
  const lines: LivedLine[] = messages
    .filter((m) => m.kind !== 'system')
    .map((m) => ({ kind: m.kind as LivedLine['kind'], id: m.agentId ?? '', alias: m.author, text: m.text, at: m.at }));
  const agentId = conversation.agentId;
  // The agent's alias as the widget has it now; an agent removed from the widget since is named as its lines name it.
  const alias = agentId && (widget.agents.find((a) => publishedAgentId(a) === agentId)?.agentAlias ?? lines.findLast((l) => l.id === agentId)?.alias);
  return buildLivedCase({
    id: conversation.caseId,
    widgetId: conversation.widgetId,
    type: conversation.type,
    createdAt: conversation.createdAt,
    acceptedAt: conversation.acceptedAt,
    closedAt: conversation.closedAt!,
    endedBy: conversation.endedBy!,
    proactive: conversation.proactive,
    description: conversation.description,
    visitor: conversation.visitor,
    agent: agentId ? { id: agentId, alias: alias || '' } : null,
    variables: conversation.variables,
    lines,
  });
}
