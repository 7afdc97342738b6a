import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { SupportRequest } from '../../src/support-request/document-schema.js';
import { cdata, stripIllegalXmlChars, toLegacyXml } from '../../src/support-request/xml.js';
import { build } from './support-request-fixtures.js';

const repeated = ['plugin', 'javascript_variable', 'operator_variable', 'transcript'];
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: false,
  // Decodes character references such as &#13; (fast-xml-parser leaves them alone otherwise).
  htmlEntities: true,
  isArray: (name) => repeated.includes(name),
});

type Node = Record<string, unknown>;

function parseCase(xml: string): Node {
  expect(XMLValidator.validate(xml)).toBe(true);
  return (parser.parse(xml) as { case: Node }).case;
}

const textOf = (node: unknown): string =>
  typeof node === 'string' ? node : String((node as Node)['#text'] ?? '');

const items = (root: Node, list: string, item: string): Node[] => ((root[list] as Node | undefined)?.[item] as Node[]) ?? [];

const hostile = [
  'ends with ]]>',
  'a]]>b]]]]>c',
  '<script>alert("x")</script> & &amp; \' "',
  'emoji 😀 and ünïcödé',
  'tab\tnewline\ncarriage\r\nreturn',
];

describe('toLegacyXml', () => {
  it('round-trips every value of a generated chat through a real XML parser', () => {
    const doc = build(21);
    const xml = toLegacyXml(doc);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<case>')).toBe(true);
    const root = parseCase(xml);
    const strings = ['id', 'url', 'snapshot_image_url', 'requested_by', 'description', 'page_url', 'ip_address'] as const;
    const places = ['browser', 'os', 'country_code', 'country', 'region', 'city'] as const;
    for (const key of [...strings, ...places]) {
      expect(textOf(root[key]), key).toBe(doc[key]);
    }
    expect(Number(textOf(root.latitude))).toBe(doc.latitude);
    expect(Number(textOf(root.longitude))).toBe(doc.longitude);
    expect(root.created_at).toEqual({ '#text': '2014-10-03T14:14:31.268Z', '@type': 'datetime' });
    expect(root.source_id).toEqual({ '#text': String(doc.source_id), '@type': 'integer' });
    expect(root.chat_waittime).toEqual({ '#text': String(doc.chat_waittime), '@type': 'integer' });
    expect(root.chat_duration).toEqual({ '#text': String(doc.chat_duration), '@type': 'integer' });

    const transcripts = items(root, 'transcripts', 'transcript');
    expect((root.transcripts as Node)['@type']).toBe('array');
    expect(transcripts.map((t) => ({ id: textOf(t.id), alias: textOf(t.alias), message: textOf(t.message) }))).toEqual(
      doc.transcripts.map((t) => ({ id: t.id, alias: t.alias, message: t.message })),
    );
    transcripts.forEach((t, i) => {
      const line = doc.transcripts[i] as SupportRequest['transcripts'][number];
      expect(t.date).toEqual({
        '#text': new Date(line.date_seconds * 1000 + line.date_milliseconds).toISOString(),
        '@type': 'datetime',
      });
    });

    const pairs = (list: string, item: string) =>
      items(root, list, item).map((p) => ({ name: textOf(p.name), value: textOf(p.value) }));
    expect(pairs('javascript_variables', 'javascript_variable')).toEqual(doc.javascript_variables);
    expect(pairs('operator_variables', 'operator_variable')).toEqual(doc.operator_variables);
    expect(pairs('plugins', 'plugin')).toEqual(doc.plugins);
  });

  it('leaves out widget_id, type, requester_details and the JSON date fields', () => {
    const root = parseCase(toLegacyXml(build(22)));
    const absent = ['widget_id', 'type', 'requester_details', 'created_at_date', 'created_at_seconds', 'created_at_milliseconds'];
    for (const key of absent) {
      expect(root).not.toHaveProperty(key);
    }
  });

  it('writes empty arrays as typed empty elements for an offline request', () => {
    const xml = toLegacyXml(build(23, { type: 'offline' }));
    expect(xml).toContain('<transcripts type="array"/>');
    expect(xml).toContain('<operator_variables type="array"/>');
    expect(parseCase(xml).transcripts).toEqual({ '@type': 'array' });
  });

  it.each(hostile)('keeps hostile text intact: %j', (text) => {
    const doc = build(24, {
      overrides: {
        description: text,
        requested_by: text,
        javascript_variables: [{ name: text, value: text }],
        transcripts: [{ id: text, date: '', date_seconds: 1, date_milliseconds: 2, alias: text, message: text }],
      },
    });
    const root = parseCase(toLegacyXml(doc));
    expect(textOf(root.description)).toBe(text);
    expect(textOf(root.requested_by)).toBe(text);
    const [line] = items(root, 'transcripts', 'transcript');
    expect(textOf(line?.message)).toBe(text);
    expect(textOf(line?.alias)).toBe(text);
    const [variable] = items(root, 'javascript_variables', 'javascript_variable');
    expect(textOf(variable?.name)).toBe(text);
  });

  it('strips characters XML 1.0 cannot carry, lone surrogates included', () => {
    const dirty = 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFFi\uD800j😀k';
    expect(stripIllegalXmlChars(dirty)).toBe('abcdefghij😀k');
    const root = parseCase(toLegacyXml(build(25, { overrides: { description: dirty } })));
    expect(textOf(root.description)).toBe('abcdefghij😀k');
  });

  it('splits CDATA around ]]> and carriage returns', () => {
    expect(cdata('x]]>y')).toBe('<![CDATA[x]]]]><![CDATA[>y]]>');
    expect(cdata('a\rb')).toBe('<![CDATA[a]]>&#13;<![CDATA[b]]>');
  });
});
