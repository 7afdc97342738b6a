import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  derivedFields,
  supportRequestOverridesSchema,
  supportRequestSchema,
} from '../../src/support-request/document-schema.js';

const sample: unknown = JSON.parse(
  readFileSync(new URL('./fixtures/integration-api-sample.json', import.meta.url), 'utf8'),
);

describe('supportRequestSchema', () => {
  it('accepts the complete sample SnapEngage publishes', () => {
    const result = supportRequestSchema.safeParse(sample);
    expect(result.error).toBeUndefined();
  });

  it('rejects unknown fields, wrong types and out-of-range values', () => {
    const base = sample as Record<string, unknown>;
    expect(supportRequestSchema.safeParse({ ...base, surprise: 1 }).success).toBe(false);
    expect(supportRequestSchema.safeParse({ ...base, created_at_milliseconds: 1000 }).success).toBe(false);
    expect(supportRequestSchema.safeParse({ ...base, source_id: 4 }).success).toBe(false);
    expect(supportRequestSchema.safeParse({ ...base, type: 'email' }).success).toBe(false);
    expect(supportRequestSchema.safeParse({ ...base, latitude: 91 }).success).toBe(false);
    const details = base.requester_details as Record<string, unknown>;
    expect(supportRequestSchema.safeParse({ ...base, requester_details: { ...details, age: '44' } }).success).toBe(false);
  });

  it('requires every field except the two the published sample lacks and the chat agent the Logs API names', () => {
    const optional = Object.entries(supportRequestSchema.shape)
      .filter(([, field]) => field.safeParse(undefined).success)
      .map(([key]) => key);
    expect(optional.sort()).toEqual(['chat_agent_alias', 'chat_agent_id', 'chat_ended_by', 'labels']);
  });
});

describe('supportRequestOverridesSchema', () => {
  it('accepts a partial document with partial requester_details', () => {
    const overrides = { description: 'Hi', requester_details: { name: 'Jo' }, transcripts: [] };
    expect(supportRequestOverridesSchema.parse(overrides)).toEqual(overrides);
    expect(supportRequestOverridesSchema.parse({})).toEqual({});
  });

  it('rejects unknown keys at the top level and inside requester_details', () => {
    expect(supportRequestOverridesSchema.safeParse({ nope: 1 }).success).toBe(false);
    expect(supportRequestOverridesSchema.safeParse({ requester_details: { nope: 1 } }).success).toBe(false);
    const line = { id: '', date: '', date_seconds: 1, date_milliseconds: 1, alias: 'a', message: 'm' };
    expect(supportRequestOverridesSchema.safeParse({ transcripts: [line] }).success).toBe(true);
    expect(supportRequestOverridesSchema.safeParse({ transcripts: [{ ...line, extra: 1 }] }).success).toBe(false);
  });

  it('rejects the derived fields, which follow from others', () => {
    expect([...derivedFields].sort()).toEqual(['created_at_date', 'snapshot_image_url', 'source_id', 'url']);
    for (const field of derivedFields) {
      const value = field === 'source_id' ? 2 : 'x';
      expect(supportRequestOverridesSchema.safeParse({ [field]: value }).success, field).toBe(false);
    }
  });

  it('still checks the types of overridden values', () => {
    expect(supportRequestOverridesSchema.safeParse({ chat_duration: -1 }).success).toBe(false);
    expect(supportRequestOverridesSchema.safeParse({ requester_details: { emails: 'a@b.c' } }).success).toBe(false);
  });
});
