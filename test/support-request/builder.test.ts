import { isIPv4 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { requesterDetailsSchema, supportRequestOverridesSchema, supportRequestSchema } from '../../src/support-request/document-schema.js';
import { createRandom } from '../../src/core/random.js';
import {
  buildSupportRequest,
  formatSnapEngageDate,
  formatSnapEngageTime,
  resolveCreatedAt,
} from '../../src/support-request/builder.js';
import { build, fixedNow, widget } from './support-request-fixtures.js';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const snapEngageDate = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} (AM|PM)$/;

describe('formatSnapEngageDate', () => {
  it('formats "MMM d, yyyy h:mm:ss a" in GMT', () => {
    expect(formatSnapEngageDate(1412345671268)).toBe('Oct 3, 2014 2:14:31 PM');
    expect(formatSnapEngageDate(Date.UTC(2024, 0, 9, 0, 5, 7))).toBe('Jan 9, 2024 12:05:07 AM');
    expect(formatSnapEngageDate(Date.UTC(2024, 11, 31, 12, 0, 0))).toBe('Dec 31, 2024 12:00:00 PM');
    expect(formatSnapEngageDate(Date.UTC(2024, 5, 1, 11, 59, 59, 999))).toBe('Jun 1, 2024 11:59:59 AM');
    expect(formatSnapEngageTime(Date.UTC(2024, 5, 1, 23, 0, 0))).toBe('11:00:00 PM');
  });
});

describe('resolveCreatedAt', () => {
  it('splits now into seconds and milliseconds that describe the same instant as the date', () => {
    expect(resolveCreatedAt(1412345671268)).toEqual({
      created_at_date: 'Oct 3, 2014 2:14:31 PM',
      created_at_seconds: 1412345671,
      created_at_milliseconds: 268,
    });
  });

  it('recomputes the date from overridden seconds and milliseconds', () => {
    expect(resolveCreatedAt(fixedNow, { created_at_seconds: 1412367271, created_at_milliseconds: 5 })).toEqual({
      created_at_date: 'Oct 3, 2014 8:14:31 PM',
      created_at_seconds: 1412367271,
      created_at_milliseconds: 5,
    });
    expect(resolveCreatedAt(fixedNow, { created_at_seconds: 0 }).created_at_milliseconds).toBe(268);
  });
});

describe('buildSupportRequest', () => {
  it('produces a document the schema accepts, with every documented field present', () => {
    const doc = build();
    expect(supportRequestSchema.parse(doc)).toEqual(doc);
    expect(Object.keys(doc).sort()).toEqual(Object.keys(supportRequestSchema.shape).sort());
    expect(Object.keys(doc.requester_details).sort()).toEqual(Object.keys(requesterDetailsSchema.shape).sort());
  });

  it('is deterministic for a seed and differs without one', () => {
    expect(build(99)).toEqual(build(99));
    expect(build(99)).not.toEqual(build(100));
    const unseeded = () => buildSupportRequest({ widget, now: fixedNow, random: createRandom() });
    expect(unseeded().id).not.toBe(unseeded().id);
  });

  it('uses a UUID v4 id and derives the case and snapshot URLs from it', () => {
    const doc = build();
    expect(doc.id).toMatch(uuidV4);
    expect(doc.widget_id).toBe(widget.id);
    expect(doc.url).toBe(`https://www.snapengage.com/viewcase?c=${doc.id}`);
    expect(doc.snapshot_image_url).toBe(`https://www.snapengage.com/snapabug/ServiceImage?c=${doc.id}`);
  });

  it('stamps created_at from now', () => {
    const doc = build();
    expect(doc.created_at_date).toBe('Oct 3, 2014 2:14:31 PM');
    expect(doc.created_at_seconds).toBe(1412345671);
    expect(doc.created_at_milliseconds).toBe(268);
  });

  it('writes a chat transcript alternating visitor and agent, timed inside the chat', () => {
    const agentIds = widget.agents.map((a) => a.agentId);
    for (let seed = 0; seed < 30; seed++) {
      const doc = build(seed);
      expect(doc.type).toBe('chat');
      expect(doc.transcripts.length).toBeGreaterThanOrEqual(4);
      expect(doc.description).toBe(doc.transcripts[0]?.message);
      expect(doc.chat_duration).toBeGreaterThan(0);
      expect(['agent', 'visitor']).toContain(doc.chat_ended_by);
      const start = doc.created_at_seconds * 1000 + doc.created_at_milliseconds;
      let previous = start - 1;
      doc.transcripts.forEach((line, i) => {
        if (i % 2 === 0) {
          expect(line).toMatchObject({ id: '', alias: 'visitor', sender: 'VISITOR' });
        } else {
          expect(line.id).toMatch(/^wc:/);
          expect(agentIds).toContain(line.id);
          expect(line.alias).toBe(widget.agents.find((a) => a.agentId === line.id)?.agentAlias);
          expect(line.sender).toBe('AGENT');
        }
        const at = line.date_seconds * 1000 + line.date_milliseconds;
        expect(at).toBeGreaterThan(previous);
        expect(at).toBeLessThanOrEqual(start + doc.chat_duration * 1000);
        expect(line.date).toBe(formatSnapEngageDate(at));
        expect(line.message).not.toMatch(/[{}]/);
        previous = at;
      });
    }
  });

  it('sets source_id 2 for a manual chat and 3 for a proactive one', () => {
    expect(build(1, { overrides: { proactive_chat: false } }).source_id).toBe(2);
    expect(build(1, { overrides: { proactive_chat: true } }).source_id).toBe(3);
    const sources = new Set(Array.from({ length: 60 }, (_, seed) => build(seed)).map((d) => `${d.proactive_chat}:${d.source_id}`));
    expect(sources).toEqual(new Set(['false:2', 'true:3']));
  });

  it('builds offline requests with the message as description and no chat', () => {
    const doc = build(5, { type: 'offline' });
    expect(supportRequestSchema.safeParse(doc).success).toBe(true);
    expect(doc).toMatchObject({
      type: 'offline',
      source_id: 1,
      proactive_chat: false,
      transcripts: [],
      chat_waittime: 0,
      chat_duration: 0,
      chat_ended_by: '',
    });
    expect(doc.description.length).toBeGreaterThan(0);
  });

  it('fills realistic visitor values', () => {
    for (let seed = 0; seed < 50; seed++) {
      const doc = build(seed);
      expect(doc.requested_by).toMatch(/^[a-z]+\.[a-z]+@example\.(com|org|net)$/);
      expect(doc.requester_details.emails).toEqual([doc.requested_by]);
      expect(isIPv4(doc.ip_address)).toBe(true);
      expect(doc.created_at_date).toMatch(snapEngageDate);
      expect(Math.abs(doc.latitude)).toBeLessThanOrEqual(90);
      expect(Math.abs(doc.longitude)).toBeLessThanOrEqual(180);
      expect(doc.city).toBe(doc.requester_details.city);
      expect(doc.page_url).toMatch(/^https:\/\//);
      expect(doc.user_agent).toMatch(/^Mozilla\/5\.0 /);
    }
  });

  it('falls back to a placeholder agent when the widget has none', () => {
    const doc = build(3, { widget: { id: widget.id, agents: [] } });
    expect(doc.transcripts[1]).toMatchObject({ id: 'wc:agent@example.com', sender: 'AGENT' });
  });
});

describe('buildSupportRequest overrides', () => {
  it('merges requester_details per field and replaces arrays whole', () => {
    const plain = build(11);
    const doc = build(11, {
      overrides: {
        description: 'Custom',
        requester_details: { name: 'Jim Tester', phones: [] },
        labels: [{ name: 'Topic', value: 'Custom' }],
      },
    });
    expect(doc.description).toBe('Custom');
    expect(doc.requester_details).toEqual({ ...plain.requester_details, name: 'Jim Tester', phones: [] });
    expect(doc.labels).toEqual([{ name: 'Topic', value: 'Custom' }]);
    expect(doc.transcripts).toEqual(plain.transcripts);
  });

  it('treats undefined override values as absent', () => {
    const doc = build(16, { overrides: { description: undefined, requester_details: { name: undefined } } });
    expect(doc).toEqual(build(16));
  });

  it('leaves every other generated value unchanged and re-derives the URLs from an overridden id', () => {
    const plain = build(12);
    const doc = build(12, { overrides: { id: 'case-1' } });
    expect(doc).toEqual({
      ...plain,
      id: 'case-1',
      url: 'https://www.snapengage.com/viewcase?c=case-1',
      snapshot_image_url: 'https://www.snapengage.com/snapabug/ServiceImage?c=case-1',
    });
  });

  it('recomputes created_at_date and the transcript times from an overridden instant', () => {
    const doc = build(13, { overrides: { created_at_seconds: 1412367271, created_at_milliseconds: 268 } });
    expect(doc.created_at_date).toBe('Oct 3, 2014 8:14:31 PM');
    const first = doc.transcripts[0];
    expect(first && first.date_seconds * 1000 + first.date_milliseconds).toBeGreaterThanOrEqual(1412367271268);
  });

  it('lets overrides.type win over input.type and shapes the document for it', () => {
    const doc = build(14, { type: 'chat', overrides: { type: 'offline' } });
    expect(doc).toMatchObject({ type: 'offline', source_id: 1, transcripts: [] });
  });

  it('keeps generated transcript times within an overridden chat_duration', () => {
    const doc = build(15, { overrides: { chat_duration: 10 } });
    const end = doc.created_at_seconds * 1000 + doc.created_at_milliseconds + 10_000;
    for (const line of doc.transcripts) expect(line.date_seconds * 1000 + line.date_milliseconds).toBeLessThanOrEqual(end);
  });

  // The route's body schema validates overrides once; the builder trusts what it is given.
  it('rejects unknown and derived override keys', () => {
    const parse = (overrides: unknown) => () => supportRequestOverridesSchema.parse(overrides);
    expect(parse({ bogus: true })).toThrow(/bogus/);
    expect(parse({ created_at_date: 'Oct 3, 2014 2:14:31 PM' })).toThrow(/created_at_date/);
    expect(parse({ requester_details: { shoe_size: 9 } })).toThrow(/shoe_size/);
  });
});
