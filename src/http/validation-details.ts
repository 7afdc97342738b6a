// Turns schema-validation failures into the envelope's details: one entry per field, naming the rule it broke.
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { ErrorDetail } from '../core/errors.js';

const SIZE_RULES: Record<string, [string, string]> = {
  string: ['min_length', 'max_length'],
  array: ['min_items', 'max_items'],
};

function ruleOf(issue: FastifySchemaValidationError): string {
  const params = issue.params as Record<string, unknown>;
  switch (issue.keyword) {
    case 'invalid_type':
      return /required|received undefined/.test(issue.message ?? '') ? 'required' : 'type';
    case 'too_small':
      return SIZE_RULES[String(params.origin)]?.[0] ?? 'min';
    case 'too_big':
      return SIZE_RULES[String(params.origin)]?.[1] ?? 'max';
    case 'invalid_format':
      return params.format === 'regex' ? 'format' : String(params.format);
    case 'invalid_value':
      return /required/.test(issue.message ?? '') ? 'required' : 'enum';
    case 'invalid_union':
      return 'type';
    case 'custom':
      // A refinement names its rule with `params: { rule }`.
      return String((params.params as { rule?: unknown } | undefined)?.rule ?? 'custom');
    default:
      return issue.keyword;
  }
}

/** The part of the request a detail is about: Fastify's validation context (`body`, `querystring`, `params`). */
export type RequestPart = string | undefined;

/** A detail's `field`: the dotted path inside the part, or the part itself when the whole of it is at fault. */
export function fieldOf(path: string, context: RequestPart): string {
  return path || (context === 'querystring' ? 'query' : context === 'params' ? 'path' : 'body');
}

export function validationDetails(issues: FastifySchemaValidationError[], context: RequestPart): ErrorDetail[] {
  const where = context === 'querystring' ? 'parameter' : 'field';
  return issues.flatMap((issue): ErrorDetail[] => {
    const path = issue.instancePath.split('/').filter(Boolean).join('.');
    if (issue.keyword === 'unrecognized_keys') {
      const keys = ((issue.params as { keys?: string[] }).keys ?? []).map((k) => (path ? `${path}.${k}` : k));
      return keys.map((field) => ({ field, rule: 'unknown_field', message: `unknown ${where} "${field}"` }));
    }
    const field = fieldOf(path, context);
    const message = path ? issue.message ?? 'is invalid' : `the request ${field} ${issue.message ?? 'is invalid'}`;
    return [{ field, rule: ruleOf(issue), message }];
  });
}
