// A route's zod schema compiled once into a plan: the same checks and the same rebuilt object as zod's parse, without
// zod's per-call machinery. For the shapes the API's schemas use (objects, strict ones too, of strings, numbers, ints
// and bounded numbers, booleans, nulls, enums, literals, unknowns, arrays and unions of those) the plan checks the
// types itself and runs each check (a length, a pattern, a format, a refinement) by its own zod function; anything
// else in a schema (a record, a loose object, a coercion, a transform) is handed to zod for that value only.
// A value the plan refuses is its caller's to hand to zod whole, so what fails fails exactly as before:
// http/response-serializer.ts (responses) and http/request-validator.ts (requests).
import { $ZodType, safeParse } from 'zod/v4/core';
import { jsonValue } from '../core/json-value.js';

/** Returns the value to use (the one zod's parse would answer), or NO when it does not fit the schema. */
export type Plan = (value: unknown) => unknown;
export const NO: unique symbol = Symbol('no');

interface Def {
  type: string;
  checks?: unknown[];
  shape?: Record<string, $ZodType>;
  catchall?: unknown;
  innerType?: $ZodType;
  element?: $ZodType;
  options?: $ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  coerce?: boolean;
  defaultValue?: unknown;
}

const defOf = (schema: $ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The plans that are zod itself: a schema's checks are already in them. */
const zodPlans = new WeakSet<Plan>();

/** zod itself, for one value whose schema the plan does not model. */
function byZod(schema: $ZodType): Plan {
  const plan: Plan = (value) => {
    const result = safeParse(schema, value);
    return result.success ? result.data : NO;
  };
  zodPlans.add(plan);
  return plan;
}

type CheckDef = { check?: string; format?: string; value?: unknown; inclusive?: boolean; when?: unknown };
const checkDefOf = (check: unknown): CheckDef => (check as { _zod: { def: CheckDef } })._zod.def;

/**
 * A number's checks as one test, for those the plan models (an int, bounds); undefined leaves the number to zod.
 * Stored times, counts and the document's numbers all have some: handing each to zod cost a delivery's or a support
 * request's answer dozens of zod parses.
 */
function numberChecks(checks: readonly unknown[]): ((v: number) => boolean) | undefined {
  const tests: Array<(v: number) => boolean> = [];
  for (const check of checks) {
    const { check: kind, format, value, inclusive, when } = checkDefOf(check);
    if (when !== undefined) return undefined;
    if (kind === 'number_format' && format === 'safeint') tests.push(Number.isSafeInteger);
    else if (kind === 'greater_than' && typeof value === 'number') tests.push(inclusive ? (v) => v >= value : (v) => v > value);
    else if (kind === 'less_than' && typeof value === 'number') tests.push(inclusive ? (v) => v <= value : (v) => v < value);
    else return undefined;
  }
  return (v) => tests.every((test) => test(v));
}

function compile(schema: $ZodType, json: Plan): Plan {
  const def = defOf(schema);
  // A JSON value (or a described copy of it, which shares its def) comes out of JSON.parse: see JsonPlan.
  if (def === defOf(jsonValue)) return json;
  if (def.coerce) return byZod(schema);
  // A format (z.int(), z.email(), z.url()...) is a check itself, not one of def.checks.
  const checks = (schema as unknown as { _zod: { traits: Set<string> } })._zod.traits.has('$ZodCheck') ? [schema, ...(def.checks ?? [])] : (def.checks ?? []);
  if (checks.length === 0) return unchecked(schema, def, json);
  if (def.type === 'number') {
    const test = numberChecks(checks);
    if (!test) return byZod(schema);
    return (v) => (typeof v === 'number' && Number.isFinite(v) && test(v) ? v : NO);
  }
  const base = unchecked(schema, def, json);
  return zodPlans.has(base) ? byZod(schema) : checked(base, checks);
}

interface ZodCheck {
  _zod: { def: { when?: (payload: CheckPayload) => boolean }; check: (payload: CheckPayload) => unknown };
}
interface CheckPayload {
  value: unknown;
  issues: unknown[];
}

/**
 * A schema's checks (a string's lengths, patterns and formats, an array's lengths, an object's refinements), each run
 * as zod runs it: its own check function on the value the type accepted, in order, skipped when its `when` says so;
 * the value they leave (a format may normalize it) is the answer. The first issue refuses the value, for zod to word.
 */
function checked(base: Plan, checks: readonly unknown[]): Plan {
  const run = checks.map((check) => (check as ZodCheck)._zod);
  return (v) => {
    const value = base(v);
    if (value === NO) return NO;
    const payload: CheckPayload = { value, issues: [] };
    for (const check of run) {
      if (check.def.when && !check.def.when(payload)) continue;
      if (check.check(payload) instanceof Promise || payload.issues.length > 0) return NO;
    }
    return payload.value;
  };
}

/** The plan of a schema's type, its checks aside. */
function unchecked(schema: $ZodType, def: Def, json: Plan): Plan {
  switch (def.type) {
    case 'string':
      return (v) => (typeof v === 'string' ? v : NO);
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? v : NO);
    case 'number':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : NO);
    case 'null':
      return (v) => (v === null ? v : NO);
    // undefined is zod's to judge: a required key must be present even when its schema takes undefined.
    case 'unknown':
      return (v) => (v === undefined ? NO : v);
    case 'literal': {
      const values = new Set(def.values);
      return (v) => (v !== undefined && values.has(v) ? v : NO);
    }
    case 'enum': {
      const values = new Set(Object.values(def.entries!));
      return (v) => (values.has(v as string) ? v : NO);
    }
    // zod answers the default for undefined without checking it, and for an inner answer of undefined.
    case 'default': {
      const inner = compile(def.innerType!, json);
      return (v) => {
        const out = v === undefined ? undefined : inner(v);
        return out === undefined ? def.defaultValue : out;
      };
    }
    case 'nullable': {
      const inner = compile(def.innerType!, json);
      return (v) => (v === null ? v : inner(v));
    }
    case 'array': {
      const element = compile(def.element!, json);
      return (v) => {
        if (!Array.isArray(v)) return NO;
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) if ((out[i] = element(v[i])) === NO) return NO;
        return out;
      };
    }
    case 'union': {
      // zod answers with the first option that accepts the value.
      const options = def.options!.map((option) => compile(option, json));
      return (v) => {
        for (const option of options) {
          const out = option(v);
          if (out !== NO) return out;
        }
        return NO;
      };
    }
    case 'object': {
      // The default (strip unknown keys) and strict (refuse them, as the support-request document does); loose
      // objects and other catch-alls are zod's.
      const strict = def.catchall !== undefined && defOf(def.catchall as $ZodType).type === 'never';
      if (def.catchall !== undefined && !strict) return byZod(schema);
      const fields = Object.entries(def.shape!).map(([key, field]) => {
        const optional = defOf(field).type === 'optional';
        return { key, optional, plan: compile(optional ? defOf(field).innerType! : field, json) };
      });
      const keys = new Set(Object.keys(def.shape!));
      return (v) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return NO;
        const input = v as Record<string, unknown>;
        // zod's own test: any enumerable key (inherited ones too) the shape does not name.
        if (strict) for (const key in input) if (!keys.has(key)) return NO;
        const out: Record<string, unknown> = {};
        for (const { key, optional, plan } of fields) {
          const value = input[key];
          if (value === undefined && optional) {
            // zod keeps a key the input has, undefined (a request's handler may test `in`; JSON drops it).
            if (key in input) out[key] = undefined;
            continue;
          }
          if ((out[key] = plan(value)) === NO) return NO;
        }
        return out;
      };
    }
    default:
      return byZod(schema);
  }
}

/** The route's zod schema as the package resolves it (itself, or under `properties`); none leaves it to the package. */
export function planFor(schema: unknown, json: Plan): Plan {
  if (schema instanceof $ZodType) return compile(schema, json);
  const properties = (schema as { properties?: unknown } | undefined)?.properties;
  return properties instanceof $ZodType ? compile(properties, json) : () => NO;
}
