// The files of a support request, in-process: their bounds (FILE_MAX_BYTES, FILE_MAX_COUNT, FILE_MAX_TOTAL_BYTES, and
// the body limit they make), bad base64, sanitized names, valid generated files, and a per-key reset that removes them.
import { connect } from 'node:net';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import { fileBoundsOf, filesBodyLimit, sanitizeFileName } from '../../src/files/file-inputs.js';
import { generatedPng } from '../../src/files/generated-files.js';
import { partnerOf } from '../../src/http/api-key.js';
import { KEY, OTHER_KEY, buildTestApp } from '../helpers/build-test-app.js';
import { createWidget } from '../helpers/integration-setup.js';
import { storeOf } from '../../src/app.js';

/** The documented maxima of every upload setting. */
const MAXIMA = { FILE_MAX_BYTES: String(16 * 1024 * 1024), FILE_MAX_COUNT: '100', FILE_MAX_TOTAL_BYTES: String(128 * 1024 * 1024) };
/** The longest string V8 makes (0x1fffffe8 characters): a body read as a string past it ends the process. */
const V8_MAX_STRING = 0x1fffffe8;

/** Sends a request head announcing `length` bytes of body and none of them; resolves with the answer, read to its end. */
function announce(url: string, path: string, length: number): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    // A server waiting for the announced bytes would never answer: give up, and the test sees no status.
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), body });
    });
    socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`);
  });
}

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

const post = (app: App, widgetId: string, files: unknown, key = KEY) =>
  app.inject({ method: 'POST', url: `/_mock/widgets/${widgetId}/support-requests?api_key=${key}`, payload: { files } });
const pinned = (bytes: number, name = 'a.bin') => ({ name, contentType: 'application/octet-stream', contentBase64: Buffer.alloc(bytes, 7).toString('base64') });
const filesOf = (app: App, key?: string) =>
  (storeOf(app).prepare(`SELECT count(*) AS n FROM files${key ? ' WHERE partner = ?' : ''}`).get(...(key ? [partnerOf(key)] : [])) as { n: number }).n;

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

  it('files over FILE_MAX_TOTAL_BYTES together are a 413 naming it, whatever FILE_MAX_BYTES and FILE_MAX_COUNT allow', async () => {
    const { app } = await buildTestApp({ config: { FILE_MAX_BYTES: '100', FILE_MAX_COUNT: '5', FILE_MAX_TOTAL_BYTES: '250' } });
    const { widgetId } = await createWidget(app);
    const over = await post(app, widgetId, [pinned(100), pinned(100), pinned(51)]);
    expect(over.statusCode).toBe(413);
    expect(over.json().error).toMatchObject({ code: 'files_too_large', details: [{ field: 'files', rule: 'max_total_bytes' }] });
    expect(over.json().error.message).toMatch(/FILE_MAX_TOTAL_BYTES=250/);
    expect(filesOf(app)).toBe(0);
    expect((await post(app, widgetId, [pinned(100), pinned(100), pinned(50)])).statusCode).toBe(201);
    expect(filesOf(app)).toBe(3);
  });

  it('at the documented maxima, the body limit stays far below the longest string the process can hold', () => {
    const limit = filesBodyLimit(fileBoundsOf(loadConfig(MAXIMA)), BODY_LIMIT);
    // 100 files of 16 MiB would be 2.2 GB of base64: read as one string, that ends the process for everyone.
    expect(limit).toBeLessThan(V8_MAX_STRING / 2);
    expect(limit).toBeGreaterThan((128 * 1024 * 1024 * 4) / 3);
  });

  it('at the documented maxima, a body announced beyond the limit is refused before it is read, naming FILE_MAX_TOTAL_BYTES', async () => {
    const { app, url } = await buildTestApp({ listen: true, config: MAXIMA });
    const { widgetId } = await createWidget(app);
    // 26 files of 16 MiB in base64: what used to end the process once read.
    const res = await announce(url, `/_mock/widgets/${widgetId}/support-requests?api_key=${KEY}`, Math.ceil((26 * 16 * 1024 * 1024 * 4) / 3));
    expect(res.status).toBe(413);
    const { error } = JSON.parse(res.body);
    expect(error.code).toBe('body_too_large');
    expect(error.message).toMatch(/FILE_MAX_TOTAL_BYTES=134217728/);
    expect((await app.inject({ method: 'GET', url: '/_mock/health' })).statusCode).toBe(200);
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

  it('names keep the combining marks their script writes with (Devanagari vowel signs, decomposed accents)', () => {
    expect(sanitizeFileName('हिन्दी.txt', 'file')).toBe('हिन्दी.txt');
    expect(sanitizeFileName('தமிழ்.pdf', 'file')).toBe('தமிழ்.pdf');
    expect(sanitizeFileName('Cafe\u0301 cre\u0300me.txt', 'file')).toBe('Café crème.txt');
  });

  it('a long name of astral letters is cut at 100 code points, never inside a character, and its link works', async () => {
    const { app } = await buildTestApp();
    const { widgetId } = await createWidget(app);
    // An odd prefix puts the 100th UTF-16 unit in the middle of a surrogate pair.
    const name = `a${'𝒜'.repeat(120)}`;
    const res = await post(app, widgetId, [{ name, contentType: 'text/plain', contentBase64: 'aGVsbG8K' }]);
    expect(res.statusCode).toBe(201);
    const link = res.json().supportRequest.transcripts.at(-1).message as string;
    const stored = decodeURIComponent(link.split('/').at(-1)!);
    expect(stored).toBe(`a${'𝒜'.repeat(99)}`);
    expect([...stored]).toHaveLength(100);
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
    expect((await post(app, theirs.widgetId, [{ generate: 'pdf' }, { generate: 'png' }], OTHER_KEY)).statusCode).toBe(201);
    const reset = await app.inject({ method: 'POST', url: `/_mock/reset?api_key=${KEY}` });
    expect(reset.json().deleted).toMatchObject({ files: 1 });
    // Its own gone, and the other key's all there: not one file of either kind taken in their place.
    expect(filesOf(app, KEY)).toBe(0);
    expect(filesOf(app, OTHER_KEY)).toBe(2);
  });
});
