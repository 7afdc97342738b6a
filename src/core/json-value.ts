// Any JSON value (what a journal entry's bodies and a fault rule's body hold): its zod schema and the type from it.
import { z } from 'zod';

/**
 * Named, so the OpenAPI document has one component for it: zod's own z.json() is recursive without a name, which the
 * document generator can only write as a dangling reference. A response passes such a value through unchecked
 * (http/response-serializer.ts): it comes out of JSON.parse, and walking every value of every body again costs a
 * journal read for nothing.
 */
export const jsonValue: z.ZodType<z.JSONType> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]))
  .meta({ id: 'JsonValue' });

/** A string, number, boolean or null, an array of JSON values, or an object of them. */
export type JsonValue = z.infer<typeof jsonValue>;
