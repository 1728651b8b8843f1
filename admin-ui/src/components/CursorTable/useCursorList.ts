import { useCallback, useEffect, useRef, useState } from 'react';
import type { PageFetcher } from '../../api/types';

export interface CursorList<T> {
  items: T[];
  /** True while any page is loading. */
  loading: boolean;
  /** True while a follow-up page ("Load more") is loading. */
  loadingMore: boolean;
  error: unknown;
  hasMore: boolean;
  /** Set once the first page has resolved (successfully or not). */
  loaded: boolean;
  loadMore: () => void;
  /** Discards loaded pages and fetches the first page again. */
  reload: () => void;
  /** Replaces the first item matching `match` (e.g. after a PATCH). */
  replaceItem: (match: (item: T) => boolean, next: T) => void;
}

export interface UseCursorListOptions {
  pageSize?: number;
  /** When false the list stays empty and nothing is fetched (e.g. before a search). */
  enabled?: boolean;
}

/**
 * Cursor pagination state shared by every list page. A new `fetchPage`
 * identity (wrap it in useCallback) resets the list to its first page.
 */
export function useCursorList<T>(fetchPage: PageFetcher<T>, options: UseCursorListOptions = {}): CursorList<T> {
  const { pageSize = 50, enabled = true } = options;
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState(false);
  const [generation, setGeneration] = useState(0);
  const inflight = useRef<AbortController | null>(null);

  const load = useCallback(
    async (from: string | undefined) => {
      inflight.current?.abort();
      const controller = new AbortController();
      inflight.current = controller;
      setLoading(true);
      setLoadingMore(from !== undefined);
      setError(null);
      try {
        const page = await fetchPage({
          cursor: from,
          limit: pageSize,
          signal: controller.signal,
        });
        if (controller.signal.aborted) return;
        const pageItems = Array.isArray(page?.items) ? page.items : [];
        setItems((prev) => (from === undefined ? pageItems : [...prev, ...pageItems]));
        setCursor(page?.nextCursor ? page.nextCursor : null);
      } catch (err) {
        if (controller.signal.aborted) return;
        if (from === undefined) setItems([]);
        setError(err);
      } finally {
        if (inflight.current === controller) {
          inflight.current = null;
          setLoading(false);
          setLoadingMore(false);
          setLoaded(true);
        }
      }
    },
    [fetchPage, pageSize],
  );

  useEffect(() => {
    setItems([]);
    setCursor(null);
    setLoaded(false);
    if (enabled) void load(undefined);
    else {
      inflight.current?.abort();
      setError(null);
      setLoading(false);
    }
    return () => inflight.current?.abort();
  }, [load, enabled, generation]);

  const loadMore = useCallback(() => {
    if (cursor && !inflight.current) void load(cursor);
  }, [cursor, load]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  const replaceItem = useCallback((match: (item: T) => boolean, next: T) => {
    setItems((prev) => {
      const index = prev.findIndex(match);
      if (index < 0) return prev;
      const copy = prev.slice();
      copy[index] = next;
      return copy;
    });
  }, []);

  return {
    items,
    loading,
    loadingMore,
    error,
    hasMore: cursor !== null,
    loaded,
    loadMore,
    reload,
    replaceItem,
  };
}
