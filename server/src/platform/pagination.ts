import { PAGE_LIMIT_DEFAULT, type Page } from '@laurel/shared';
import { Types } from 'mongoose';
import { ValidationError } from './errors.js';

/** Cursors are the last _id seen, newest first; new inserts land before page one, so pages stay stable. */
export function encodeCursor(id: Types.ObjectId): string {
  return Buffer.from(id.toHexString(), 'hex').toString('base64url');
}

export function decodeCursor(cursor: string): Types.ObjectId {
  const hex = Buffer.from(cursor, 'base64url').toString('hex');
  if (!Types.ObjectId.isValid(hex) || hex.length !== 24) {
    throw new ValidationError([{ field: 'cursor', reasons: ['cursor must be a cursor returned by a previous page'] }]);
  }
  return new Types.ObjectId(hex);
}

export interface PageRequest {
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** The filter and limit for one page of a collection walked by descending _id. */
export function pageQuery(request: PageRequest): { idFilter: Record<string, unknown>; fetch: number; limit: number } {
  const limit = request.limit ?? PAGE_LIMIT_DEFAULT;
  return { idFilter: request.cursor ? { _id: { $lt: decodeCursor(request.cursor) } } : {}, fetch: limit + 1, limit };
}

export function toPage<D extends { _id: Types.ObjectId }, V>(docs: D[], limit: number, view: (doc: D) => V): Page<V> {
  const items = docs.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(view), nextCursor: docs.length > limit && last ? encodeCursor(last._id) : null };
}
