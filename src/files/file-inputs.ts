// The `files` of POST /_mock/widgets/{id}/support-requests: their schema, and how each becomes bytes (decoded or generated) within bounds.
import { createHash } from 'node:crypto';
import { z } from 'zod';
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
  .describe('Files the visitor uploaded: each becomes a transcript line (an offline message: a line of the description) holding its https link. At most FILE_MAX_COUNT.');

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
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A name safe in a URL path segment and a Content-Disposition: no directories, no control or shell-special characters. */
export function sanitizeFileName(raw: string, fallback: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._ ()-]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 100);
  return cleaned === '' ? fallback : cleaned;
}

function decodeBase64(value: string, field: string): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw badRequest(field, 'base64', `${field} must be standard base64 (A-Z, a-z, 0-9, +, /, = padding; length a multiple of 4)`);
  }
  return Buffer.from(compact, 'base64');
}

/** Checks the count and each size (FILE_MAX_COUNT, FILE_MAX_BYTES), decodes or generates the bytes, sanitizes the names. */
export function prepareFiles(inputs: readonly FileInput[], bounds: FileBounds): PreparedFile[] {
  if (inputs.length > bounds.maxCount) {
    const message = `files holds ${inputs.length} files; at most FILE_MAX_COUNT=${bounds.maxCount} are allowed`;
    throw new AppError(400, 'too_many_files', message, [{ field: 'files', rule: 'max_count', message }]);
  }
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
    return { ...file, sha256: createHash('sha256').update(file.bytes).digest('hex') };
  });
}
