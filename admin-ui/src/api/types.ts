/** Cursor-paginated list envelope used by every admin list endpoint. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** Fetches one page; `cursor` is undefined for the first page. */
export type PageFetcher<T> = (params: { cursor?: string; limit: number; signal: AbortSignal }) => Promise<Page<T>>;

/** ISO-8601 timestamp string. */
export type IsoDateTime = string;

/** Encodes a path segment (ids, job names). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
