// The `files` of POST /_mock/widgets/{id}/support-requests: their schema, and how each becomes bytes (decoded or generated) within bounds.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../core/config.js';
import { AppError, badRequest } from '../core/errors.js';
import { generatedPdf, generatedPng } from './generated-files.js';

const nameSchema = z.string().min(1).max(255).describe('The file name as uploaded; sanitized (path parts and unsafe characters dropped) before it is stored.');

const fileInputSchema = z
  .union([
    z.strictObject({
      name: nameSchema,
      contentType: z
        .string()
        .max(127)
        .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type such as image/png')
        .describe('Served back as the Content-Type.'),
      contentBase64: z.string().describe('The bytes, base64 (standard alphabet; whitespace ignored). At most FILE_MAX_BYTES decoded.'),
    }),
    z.strictObject({
      generate: z.enum(['png', 'pdf']).describe('A small valid PNG image or PDF document made by the mock.'),
      name: nameSchema.optional().describe('Default `image.png` or `document.pdf`.'),
    }),
  ])
  .meta({ id: 'SupportRequestFile' });

export const filesSchema = z
  .array(fileInputSchema)
  .describe('Files the visitor uploaded: each becomes a transcript line (an offline message: a line of the description) holding its https link. At most FILE_MAX_COUNT, of FILE_MAX_TOTAL_BYTES decoded in all.');

export type FileInput = z.infer<typeof fileInputSchema>;

export interface PreparedFile {
  name: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
}

export interface FileBounds {
  maxBytes: number;
  maxCount: number;
  /** What all the files of one request may hold together, decoded. */
  maxTotalBytes: number;
}

/** The upload settings as prepareFiles checks them. */
export const fileBoundsOf = (config: Pick<Config, 'FILE_MAX_BYTES' | 'FILE_MAX_COUNT' | 'FILE_MAX_TOTAL_BYTES'>): FileBounds => ({
  maxBytes: config.FILE_MAX_BYTES,
  maxCount: config.FILE_MAX_COUNT,
  maxTotalBytes: config.FILE_MAX_TOTAL_BYTES,
});

/**
 * The body limit of a request that carries files: `documentLimit` for the rest of the body, and room for the most the
 * settings let through in base64 (4 bytes per 3; 1 KiB of JSON around each file). The body is read as one string, so
 * this must stay far below the longest string V8 can make (0x1fffffe8 characters), or reading it ends the process:
 * hence the total, whatever FILE_MAX_BYTES x FILE_MAX_COUNT comes to.
 */
export function filesBodyLimit(bounds: FileBounds, documentLimit: number): number {
  const decoded = Math.min(bounds.maxTotalBytes, bounds.maxBytes * bounds.maxCount);
  return documentLimit + Math.ceil((decoded * 4) / 3) + 1024 * bounds.maxCount;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Longest stored name, in code points. */
const MAX_NAME_CODE_POINTS = 100;

/**
 * A name safe in a URL path segment and a Content-Disposition: no directories, no control or shell-special characters.
 * Letters keep their combining marks (many scripts write vowels with them), and the cut counts code points: cutting
 * UTF-16 units could split a surrogate pair, which no URL can encode.
 */
export function sanitizeFileName(raw: string, fallback: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}._ ()-]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  const cut = Array.from(cleaned).slice(0, MAX_NAME_CODE_POINTS).join('').trim();
  return cut === '' ? fallback : cut;
}

function decodeBase64(value: string, field: string): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw badRequest(field, 'base64', `${field} must be standard base64 (A-Z, a-z, 0-9, +, /, = padding; length a multiple of 4)`);
  }
  return Buffer.from(compact, 'base64');
}

/**
 * Checks the count, each size and the total (FILE_MAX_COUNT, FILE_MAX_BYTES, FILE_MAX_TOTAL_BYTES), decodes or
 * generates the bytes, sanitizes the names.
 */
export function prepareFiles(inputs: readonly FileInput[], bounds: FileBounds): PreparedFile[] {
  if (inputs.length > bounds.maxCount) {
    const message = `files holds ${inputs.length} files; at most FILE_MAX_COUNT=${bounds.maxCount} are allowed`;
    throw new AppError(400, 'too_many_files', message, [{ field: 'files', rule: 'max_count', message }]);
  }
  let total = 0;
  return inputs.map((input, i) => {
    let file: Omit<PreparedFile, 'sha256'>;
    if ('generate' in input) {
      const png = input.generate === 'png';
      const fallback = png ? 'image.png' : 'document.pdf';
      file = { name: sanitizeFileName(input.name ?? fallback, fallback), contentType: png ? 'image/png' : 'application/pdf', bytes: png ? generatedPng() : generatedPdf() };
    } else {
      const field = `files.${i}.contentBase64`;
      const bytes = decodeBase64(input.contentBase64, field);
      if (bytes.length > bounds.maxBytes) {
        const message = `${field} decodes to ${bytes.length} bytes; each file may hold at most FILE_MAX_BYTES=${bounds.maxBytes}`;
        throw new AppError(413, 'file_too_large', message, [{ field, rule: 'max_bytes', message }]);
      }
      file = { name: sanitizeFileName(input.name, 'file'), contentType: input.contentType.toLowerCase(), bytes };
    }
    total += file.bytes.length;
    if (total > bounds.maxTotalBytes) {
      const message = `files.0 to files.${i} decode to ${total} bytes; a support request may carry at most FILE_MAX_TOTAL_BYTES=${bounds.maxTotalBytes} bytes of files in all`;
      throw new AppError(413, 'files_too_large', message, [{ field: 'files', rule: 'max_total_bytes', message }]);
    }
    return { ...file, sha256: createHash('sha256').update(file.bytes).digest('hex') };
  });
}
