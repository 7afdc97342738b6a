// Text that UTF-8 cannot hold is refused before any route sees it, so what a create answers is what a read returns.
// JSON can spell an unpaired UTF-16 surrogate ("N\ud800x"); SQLite, the serializers and the wire all write UTF-8, and
// each would silently turn it into U+FFFD. One hook over every request's params, query and body, not a rule per field.
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AppError, type ErrorDetail } from '../core/errors.js';
import { fieldOf, type RequestPart } from './validation-details.js';

/** Enough to fix a request; a body of 100,000 bad strings does not need 100,000 details. */
const MAX_DETAILS = 20;

interface Node {
  value: unknown;
  key: string | undefined;
  parent: Node | undefined;
}

const pathOf = (node: Node): string => {
  const keys: string[] = [];
  for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
};

const describe = (text: string): string => {
  const at = text.search(/\p{Surrogate}/u);
  const unit = text.charCodeAt(at).toString(16);
  return `contains an unpaired UTF-16 surrogate (\\u${unit} at index ${at}), which UTF-8 cannot store; send a whole character or none`;
};

/** One detail per string (value or key) in `value` that is not well-formed Unicode, named as validation names fields. */
export function illFormedText(value: unknown, context: RequestPart): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const report = (node: Node, text: string, isKey: boolean) => {
    const field = fieldOf(pathOf(node), context);
    details.push({ field, rule: 'unicode', message: `${isKey ? 'the name of ' : ''}${field} ${describe(text)}` });
  };
  // Iterative, with parent links instead of copied paths: a parsed body may be thousands of levels deep.
  const stack: Node[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length > 0 && details.length < MAX_DETAILS) {
    const node = stack.pop()!;
    if (typeof node.value === 'string') {
      if (!node.value.isWellFormed()) report(node, node.value, false);
    } else if (node.value !== null && typeof node.value === 'object') {
      const entries = Array.isArray(node.value) ? node.value.map((v, i) => [String(i), v] as const) : Object.entries(node.value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const childNode = { value: child, key, parent: node };
        if (!key.isWellFormed()) report(childNode, key, true);
        stack.push(childNode);
      }
    }
  }
  return details.slice(0, MAX_DETAILS);
}

/**
 * A global preValidation hook: runs after the body is parsed and before any schema or handler reads it. Callback
 * style, not async: every request runs it, and a promise per hook is measurable on the GET path.
 */
export function refuseIllFormedText(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const details = [
    ...illFormedText(request.params, 'params'),
    ...illFormedText(request.query, 'querystring'),
    ...illFormedText(request.body, 'body'),
  ].slice(0, MAX_DETAILS);
  if (details.length > 0) return done(new AppError(400, 'validation_failed', details.map((d) => d.message).join('; '), details));
  done();
}
