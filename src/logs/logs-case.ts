// A support request as the Logs API returns it: the webhook's document with epoch-millisecond dates, the chat's agent,
// its destination and its survey.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CaseLogRow } from '../db/case-logs-repository.js';
import { supportRequestSchema, transcriptEntrySchema, type SupportRequest, type TranscriptEntry } from '../support-request/document-schema.js';

const epochMs = z.number().int().describe('Epoch milliseconds (a number), where the webhook sends a formatted date.');

const logsTranscriptSchema = transcriptEntrySchema.extend({
  date: epochMs,
  translations: z.string().nullable().describe('The line translated for the agent, or null.'),
});

export const logsCaseSchema = supportRequestSchema
  // Named again below, after the webhook's fields: where the Logs API has always put them.
  .omit({ chat_agent_id: true, chat_agent_alias: true })
  .extend({
    created_at_date: epochMs,
    chat_ended_by: z.string(),
    transcripts: z.array(logsTranscriptSchema),
    labels: supportRequestSchema.shape.javascript_variables,
    chat_agent_id: z.string().describe('The agent who took the chat (`wc:<email>` for web-client agents); "" when no agent took it.'),
    chat_agent_alias: z.string().describe('That agent\'s alias; "" when no agent took it.'),
    destination_url: z.string().describe('Where the case went: the Integration URL it was POSTed to, else `mailto:` the transcript address.'),
    survey_score: z.number().int().min(0).max(100).nullable().describe('The visitor\'s post-chat survey score, 0-100; null without a survey.'),
    survey_comments: z.string().nullable().describe('The visitor\'s survey comments; null without a survey.'),
  })
  .meta({ id: 'LogsCase' });

export type LogsCase = z.infer<typeof logsCaseSchema>;

/** SnapEngage stores survey answers at least 5 minutes after a chat ends. */
export const SURVEY_DELAY_MS = 5 * 60_000;

const SURVEY_COMMENTS = ['', 'Quick and helpful, thanks!', 'Solved my problem.', 'Took a while to get an answer.', 'Great service.', 'Not what I needed.'];

const isAgentLine = (t: TranscriptEntry): boolean => (t.sender === undefined ? t.id !== '' : t.sender === 'AGENT');

/**
 * The survey a chat's visitor filled in, if any: drawn from the case id (the same on every page and every call), for
 * about 6 chats in 10 that reached an agent, and visible only once its delay after the chat has passed.
 */
function surveyOf(doc: SupportRequest, hasAgent: boolean, nowMs: number): { score: number; comments: string } | null {
  if (doc.type !== 'chat' || !hasAgent) return null;
  const endedMs = doc.created_at_seconds * 1000 + doc.created_at_milliseconds + doc.chat_duration * 1000;
  if (nowMs < endedMs + SURVEY_DELAY_MS) return null;
  const h = createHash('sha256').update(doc.id).digest();
  if (h[0]! % 10 >= 6) return null;
  return { score: (h[1]! % 11) * 10, comments: SURVEY_COMMENTS[h[2]! % SURVEY_COMMENTS.length]! };
}

export function toLogsCase(row: CaseLogRow, nowMs: number): LogsCase {
  const doc = JSON.parse(row.document) as SupportRequest;
  const agent = doc.transcripts.find(isAgentLine);
  const survey = surveyOf(doc, agent !== undefined, nowMs);
  const { created_at_date: _date, transcripts, labels, chat_ended_by, chat_agent_id, chat_agent_alias, ...rest } = doc;
  return {
    ...rest,
    created_at_date: row.createdMs,
    chat_ended_by: chat_ended_by ?? '',
    transcripts: transcripts.map((t) => ({
      ...t,
      date: t.date_seconds * 1000 + t.date_milliseconds,
      translations: t.translations === undefined ? null : (Object.values(t.translations)[0] ?? null),
    })),
    labels: labels ?? [],
    // Documents from before the field carry no chat_agent_id: the first agent line names the agent then.
    chat_agent_id: chat_agent_id ?? agent?.id ?? '',
    chat_agent_alias: chat_agent_alias ?? agent?.alias ?? '',
    destination_url: row.deliveryUrl ?? `mailto:${row.destinationEmail ?? row.ownerEmail}`,
    survey_score: survey?.score ?? null,
    survey_comments: survey?.comments ?? null,
  };
}
