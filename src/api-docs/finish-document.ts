// The last pass over the generated OpenAPI document, so that Swagger UI, Redocly and openapi-typescript can all use it:
// no `$id`/`$schema` inside component schemas, only the components something refers to, and SnapEngage's own samples
// as the examples every "Try it out" starts from.
import { operationExamples, parameterExamples, type OperationExamples } from './examples.js';

type Json = Record<string, any>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const COMPONENT_REF = '#/components/schemas/';
/** Keys whose value maps names to schemas: a property may be called `$id` without being one. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);

export interface DocumentOperation {
  method: string;
  path: string;
  operation: Json;
}

export function operationsOf(doc: Json): DocumentOperation[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => (item as Json)[m]).map((method) => ({ method, path, operation: (item as Json)[method] })),
  );
}

/**
 * zod's registry export gives each component schema `"$schema"` and `"$id": "#/components/schemas/X"`. An `$id` sets
 * a new base URI, against which the schema's own `$ref`s no longer reach the document's components: Swagger UI shows
 * "Could not resolve reference" for every body. The document's components need neither.
 */
function stripSchemaIds(node: unknown, isSchemaMap = false): void {
  if (Array.isArray(node)) {
    for (const item of node) stripSchemaIds(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (!isSchemaMap && (key === '$id' || key === '$schema')) delete (node as Json)[key];
    else if (key !== 'example' && key !== 'examples') stripSchemaIds(value, !isSchemaMap && SCHEMA_MAPS.has(key));
  }
}

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, into);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF)) into.add(value.slice(COMPONENT_REF.length));
      else collectRefs(value, into);
    }
  }
}

/**
 * The type provider exports every registered schema twice (as input `XInput` and as output `X`), used or not; only
 * the components an operation reaches (directly or through another component) are kept.
 */
function pruneUnusedSchemas(doc: Json): void {
  const schemas: Json = doc.components?.schemas ?? {};
  const reached = new Set<string>();
  collectRefs(doc.paths, reached);
  const queue = [...reached];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    const found = new Set<string>();
    collectRefs(schemas[name], found);
    for (const next of found) if (!reached.has(next)) (reached.add(next), queue.push(next));
  }
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
}

function applyExamples({ method, path, operation }: DocumentOperation, examples: OperationExamples | undefined): void {
  for (const parameter of operation.parameters ?? []) {
    const example = examples?.parameters?.[parameter.name] ?? parameterExamples[parameter.name];
    if (example !== undefined && parameter.required) parameter.example = example;
  }
  const body = operation.requestBody?.content?.['application/json'];
  if (body) {
    if (examples?.body === undefined) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} takes a body but has no example`);
    body.example = examples.body;
  }
  for (const [status, example] of Object.entries(examples?.responses ?? {})) {
    const media = operation.responses?.[status]?.content?.['application/json'];
    if (!media) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} has no JSON response ${status} for its example`);
    media.example = example;
  }
}

/**
 * JsonValue (core/json-value.ts, what the journal's bodies hold) is recursive, and client generators choke on it:
 * openapi-typescript makes it a type that refers to itself, which TypeScript refuses. The document says it in words,
 * which a client reads as any value; the package's own types (JournalEntry) keep the recursive one.
 */
function describeJsonValue(doc: Json): void {
  const schemas: Json = doc.components?.schemas ?? {};
  for (const name of ['JsonValue', 'JsonValueInput']) {
    if (schemas[name]) schemas[name] = { description: 'Any JSON value: a string, number, boolean or null, an array of JSON values, or an object of them.' };
  }
}

/** Runs once per document (`transformObject`); throws on what would make a wrong document, so a test fails at once. */
export function finishDocument(doc: Json): Json {
  stripSchemaIds(doc);
  const seen = new Set<string>();
  for (const op of operationsOf(doc)) {
    const id: unknown = op.operation.operationId;
    if (typeof id !== 'string' || seen.has(id)) throw new Error(`OpenAPI: ${op.method.toUpperCase()} ${op.path} needs a unique operationId`);
    seen.add(id);
    applyExamples(op, operationExamples[id]);
  }
  const stale = Object.keys(operationExamples).filter((id) => !seen.has(id));
  if (stale.length > 0) throw new Error(`OpenAPI: examples for unknown operations ${stale.join(', ')}`);
  pruneUnusedSchemas(doc);
  describeJsonValue(doc);
  return doc;
}
