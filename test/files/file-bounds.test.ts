// The files of a support request, in-process: their bounds (FILE_MAX_BYTES, FILE_MAX_COUNT), bad base64, sanitized
// names, valid generated files, and a per-key reset that removes them.
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sanitizeFileName } from '../../src/files/file-inputs.js';
import { generatedPng } from '../../src/files/generated-files.js';
import { KEY, OTHER_KEY, buildTestApp } from '../helpers/build-test-app.js';
import { createWidget } from '../helpers/integration-setup.js';
import { storeOf } from '../../src/app.js';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

const post = (app: App, widgetId: string, files: unknown, key = KEY) =>
  app.inject({ method: 'POST', url: `/_mock/widgets/${widgetId}/support-requests?api_key=${key}`, payload: { files } });
const pinned = (bytes: number, name = 'a.bin') => ({ name, contentType: 'application/octet-stream', contentBase64: Buffer.alloc(bytes, 7).toString('base64') });
const filesOf = (app: App, partner?: string) =>
  (storeOf(app).prepare(`SELECT count(*) AS n FROM files${partner ? ' WHERE partner = ?' : ''}`).get(...(partner ? [partner] : [])) as { n: number }).n;

describe('files on a support request', () => {
  it('a file over FILE_MAX_BYTES is a 413 naming the field and the setting; at the limit it is stored', async () => {
    const { app } = await buildTestApp({ config: { FILE_MAX_BYTES: '100' } });
    const { widgetId } = await createWidget(app);
    const over = await post(app, widgetId, [pinned(100), pinned(101)]);
    expect(over.statusCode).toBe(413);
    expect(over.json().error).toMatchObject({ code: 'file_too_large', details: [{ field: 'files.1.contentBase64', rule: 'max_bytes' }] });
    expect(over.json().error.message).toMatch(/FILE_MAX_BYTES=100/);
    expect(filesOf(app)).toBe(0);
    expect((await post(app, widgetId, [pinned(100)])).statusCode).toBe(201);
    expect(filesOf(app)).toBe(1);
  });

  it('more files than FILE_MAX_COUNT is a 400 naming it', async () => {
    const { app } = await buildTestApp({ config: { FILE_MAX_COUNT: '2' } });
    const { widgetId } = await createWidget(app);
    const res = await post(app, widgetId, [{ generate: 'png' }, { generate: 'pdf' }, { generate: 'png' }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'too_many_files', details: [{ field: 'files', rule: 'max_count' }] });
    expect(res.json().error.message).toMatch(/FILE_MAX_COUNT=2/);
  });

  it('the default bounds take 5 files of 256 KiB in one body (the body limit makes room for them)', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const res = await post(app, widgetId, Array.from({ length: 5 }, (_, i) => pinned(256 * 1024, `f${i}.bin`)));
    expect(res.statusCode).toBe(201);
    expect(filesOf(app)).toBe(5);
  });

  it('invalid base64, a bad content type or an unknown generator is a 400 naming the field', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    const bad = await post(app, widgetId, [{ name: 'a', contentType: 'text/plain', contentBase64: 'not base64!' }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([expect.objectContaining({ field: 'files.0.contentBase64', rule: 'base64' })]);
    const type = await post(app, widgetId, [{ name: 'a', contentType: 'text plain', contentBase64: '' }]);
    expect(type.statusCode).toBe(400);
    expect((await post(app, widgetId, [{ generate: 'gif' }])).statusCode).toBe(400);
    expect(filesOf(app)).toBe(0);
  });

  it('names lose their directories and unsafe characters', () => {
    expect(sanitizeFileName('../../etc/passwd', 'file')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\me\\report final.pdf', 'file')).toBe('report final.pdf');
    expect(sanitizeFileName('a"b<c>\u0000d.txt', 'file')).toBe('a_b_c__d.txt');
    expect(sanitizeFileName('...', 'file')).toBe('file');
    expect(sanitizeFileName('résumé.pdf', 'file')).toBe('résumé.pdf');
  });

  it('the generated PNG is valid: its chunks check out and its pixels inflate to 16 rows of 16 RGB pixels', () => {
    const png = generatedPng();
    expect(png.readUInt32BE(16)).toBe(16);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    expect(inflateSync(png.subarray(41, 41 + idatLength))).toHaveLength(16 * (1 + 16 * 3));
  });

  it('a per-key reset removes that key\'s files and keeps the other key\'s', async () => {
    const { app } = await buildTestApp();
    const mine = await createWidget(app, { key: KEY });
    const theirs = await createWidget(app, { key: OTHER_KEY });
    expect((await post(app, mine.widgetId, [{ generate: 'png' }])).statusCode).toBe(201);
    expect((await post(app, theirs.widgetId, [{ generate: 'pdf' }], OTHER_KEY)).statusCode).toBe(201);
    const reset = await app.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}` });
    expect(reset.json().deleted).toMatchObject({ files: 1 });
    expect(filesOf(app)).toBe(1);
  });
});
