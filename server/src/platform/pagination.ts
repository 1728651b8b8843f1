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

/** How a collection's `_id` is written into a cursor and read back. */
export interface CursorCodec<K> {
  encode(id: K): string;
  decode(cursor: string): K;
}

/** ObjectId `_id`s (most collections). */
export const objectIdCursors: CursorCodec<Types.ObjectId> = { encode: encodeCursor, decode: decodeCursor };

/** String `_id`s chosen by clients (event ids). */
export const textCursors: CursorCodec<string> = {
  encode: (id) => Buffer.from(id, 'utf8').toString('base64url'),
  decode: (cursor) => Buffer.from(cursor, 'base64url').toString('utf8'),
};

/** The filter and limit for one page of a collection walked by descending _id. */
export function pageQuery<K = Types.ObjectId>(
  request: PageRequest,
  codec: CursorCodec<K> = objectIdCursors as unknown as CursorCodec<K>,
): { idFilter: Record<string, unknown>; fetch: number; limit: number } {
  const limit = request.limit ?? PAGE_LIMIT_DEFAULT;
  return { idFilter: request.cursor ? { _id: { $lt: codec.decode(request.cursor) } } : {}, fetch: limit + 1, limit };
}

export function toPage<D extends { _id: K }, V, K = Types.ObjectId>(
  docs: D[],
  limit: number,
  view: (doc: D) => V,
  codec: CursorCodec<K> = objectIdCursors as unknown as CursorCodec<K>,
): Page<V> {
  const items = docs.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(view), nextCursor: docs.length > limit && last ? codec.encode(last._id) : null };
}
