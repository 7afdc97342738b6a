// The Logs API's `next`: an opaque cursor naming the last case of the page before (its creation instant and seq).
import type { CasePosition } from '../db/case-logs-repository.js';
import { badRequest } from '../core/errors.js';

export function encodeCursor(position: CasePosition): string {
  return Buffer.from(`${position.createdMs}.${position.seq}`).toString('base64url');
}

export function decodeCursor(next: string): CasePosition {
  const m = /^(-?\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(next, 'base64url').toString());
  if (!m || next.length > 64) {
    throw badRequest('next', 'cursor', 'next is not a cursor this mock issued: follow linkToNextSetOfResults as given');
  }
  return { createdMs: Number(m[1]), seq: Number(m[2]) };
}
