// Arranges what bot tests need: a widget whose bot is a real server on port 0 (src/harness/bot.ts), the answer's
// pieces as SnapEngage's template writes them, and the long-poll that waits for the bot instead of sleeping.
import type { FastifyInstance } from 'fastify';
import { expect, onTestFinished } from 'vitest';
import { startBot, type BotHandler, type BotRequest, type ConversationBotCalls, type TestBot } from '../../src/harness/bot.js';
import { KEY } from './build-test-app.js';
import { control } from './front-desk.js';
import { createWidget } from './integration-setup.js';

/** A widget whose bot serves `handler`, with its token set (and any other setting). */
export async function botWidget(app: FastifyInstance, handler: BotHandler, settings: Record<string, unknown> = {}, key = KEY): Promise<{ widgetId: string; bot: TestBot }> {
  const { widgetId } = await createWidget(app, { key });
  const bot = await startBot(handler);
  onTestFinished(() => bot.close());
  const res = await control(app, 'PUT', `/widgets/${widgetId}/bot`, { url: bot.url, token: bot.token, name: 'Snappy', ...settings }, key);
  expect(res.statusCode, res.body).toBe(200);
  return { widgetId, bot };
}

/** The chat's calls; with `wait`, once the bot has answered every turn (`answered`) or let go of the chat (`handover`). */
export async function botCalls(app: FastifyInstance, caseId: string, wait?: 'answered' | 'handover', key = KEY): Promise<ConversationBotCalls> {
  const query = wait ? `?wait=${wait}&timeout_ms=10000` : '';
  const res = await control(app, 'GET', `/conversations/${caseId}/bot-calls${query}`, undefined, key);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

type Item = Record<string, unknown>;

/** The answer's JSON, as the template builds it: the turn's widget_id and case_id, then the content. */
export const answer = (req: BotRequest, ...content: Item[]): string => JSON.stringify({ widget_id: req.body.widget_id, case_id: req.body.case_id, content });
export const say = (text: string, buttons?: string[]): Item => ({ type: 'message', text, ...(buttons && { display_responses: buttons.map((b) => ({ text: b })) }) });
export const command = (operation: string, parameters?: Record<string, unknown>): Item => ({ type: 'command', operation, ...(parameters && { parameters }) });

/** The turn's words: `text`, or on the first turn `description`. */
export const wordsOf = (req: BotRequest): string => req.body.text ?? req.body.description ?? '';
