// A bot's answer read into what the mock does: parsed as JSON whatever its Content-Type (bots written from SnapEngage's
// Node template send it with Express's res.send(string), labelled text/html), checked whole before anything is applied.
import { botAnswerSchema } from './schemas.js';

/** What one item of the answer asks for, in order. */
export type BotAction =
  | { kind: 'message'; text: string; buttons: string[] }
  /** BYE (the template's) or CLOSE (the help page's word): the chat ends, ended by `bot`. */
  | { kind: 'close'; operation: 'BYE' | 'CLOSE' }
  | { kind: 'transfer' }
  | { kind: 'transfer-agent'; agentId: string }
  | { kind: 'transfer-widget'; widgetId: string }
  | { kind: 'ban'; operation: 'BAN' | 'BAN_IP' }
  | { kind: 'goto'; url: string };

/** Every operation the mock carries out; any other is an invalid answer (the chat goes to a human, the call says why). */
export const BOT_OPERATIONS = ['BYE', 'CLOSE', 'HUMAN_TRANSFER', 'TRANSFER_AGENT', 'TRANSFER_WIDGET', 'BAN', 'BAN_IP', 'GOTO'] as const;

export type ReadAnswer = { actions: BotAction[] } | { error: string };

const invalid = (why: string): ReadAnswer => ({ error: `invalid_answer: ${why}` });

function stringParameter(parameters: Record<string, unknown> | null | undefined, name: string): string | undefined {
  const value = parameters?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function commandAction(operation: string, parameters: Record<string, unknown> | null | undefined, at: string): BotAction | string {
  switch (operation) {
    case 'BYE':
    case 'CLOSE':
      return { kind: 'close', operation };
    case 'HUMAN_TRANSFER':
      return { kind: 'transfer' };
    case 'BAN':
    case 'BAN_IP':
      return { kind: 'ban', operation };
    case 'TRANSFER_AGENT': {
      const agentId = stringParameter(parameters, 'agent_id');
      return agentId ? { kind: 'transfer-agent', agentId } : `${at}: TRANSFER_AGENT needs parameters.agent_id (one of the widget's agents)`;
    }
    case 'TRANSFER_WIDGET': {
      const widgetId = stringParameter(parameters, 'widget_id');
      return widgetId ? { kind: 'transfer-widget', widgetId } : `${at}: TRANSFER_WIDGET needs parameters.widget_id (another widget of the same api_key)`;
    }
    case 'GOTO': {
      const url = stringParameter(parameters, 'url');
      return url && /^https?:\/\/\S+$/i.test(url) && URL.canParse(url) ? { kind: 'goto', url } : `${at}: GOTO needs parameters.url, an absolute http(s) URL`;
    }
    default:
      return `${at}: unknown operation ${JSON.stringify(operation.slice(0, 40))} (the mock carries out ${BOT_OPERATIONS.join(', ')})`;
  }
}

/**
 * The answer to the turn of `caseId` on `widgetId`, or why it is not one: not JSON, not the documented shape, a
 * `widget_id` or `case_id` that names another chat, an unknown operation, a line longer than `maxChars`.
 */
export function readAnswer(body: string, expected: { widgetId: string; caseId: string }, maxChars: number): ReadAnswer {
  let json: unknown;
  try {
    json = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (err) {
    return invalid(`the body is not JSON (${(err as Error).message.slice(0, 120)})`);
  }
  const parsed = botAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length > 0 ? issue.path.join('.') : 'the body';
    return invalid(`${path}: ${issue.message}`);
  }
  const answer = parsed.data;
  if (answer.widget_id !== undefined && answer.widget_id !== expected.widgetId) return invalid(`widget_id ${answer.widget_id} is not the turn's (${expected.widgetId})`);
  if (answer.case_id !== undefined && answer.case_id !== expected.caseId) return invalid(`case_id ${answer.case_id} is not the turn's (${expected.caseId})`);
  const actions: BotAction[] = [];
  for (const [i, item] of answer.content.entries()) {
    const at = `content.${i}`;
    if (item.type === 'message') {
      const texts = [item.text, ...(item.display_responses ?? []).map((r) => r.text)];
      if (texts.some((t) => t.length > maxChars)) return invalid(`${at}: a text is longer than CHAT_MESSAGE_MAX_CHARS (${maxChars})`);
      actions.push({ kind: 'message', text: item.text, buttons: (item.display_responses ?? []).map((r) => r.text) });
      continue;
    }
    const action = commandAction(item.operation, item.parameters, at);
    if (typeof action === 'string') return invalid(action);
    actions.push(action);
  }
  return { actions };
}
