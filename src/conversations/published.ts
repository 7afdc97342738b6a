// Agents as SnapEngage shows them to callers: web-client agents' ids carry `wc:` (widget responses, transcripts).
import type { Agent } from '../db/widgets-repository.js';
import { publishedAgents } from '../provisioning/widgets-service.js';

export const publishedAgentId = (agent: Agent): string => publishedAgents([agent])[0]!.agentId;
