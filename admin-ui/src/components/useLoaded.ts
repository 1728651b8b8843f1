import { useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | null;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

/**
 * Loads one thing (a definition, a redemption) and loads it again on `reload`; `load` undefined means nothing to
 * load (a new definition). A new `key` (the id in the address changed) or `refresh` (the page changed it) loads again.
 */
export function useLoaded<T>(
  key: string | undefined,
  load: ((key: string, signal: AbortSignal) => Promise<T>) | undefined,
  refresh = 0,
): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(key !== undefined);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (key === undefined || !load) return;
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    load(key, controller.signal)
      .then((value) => {
        if (!controller.signal.aborted) setData(value);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
    // `load` is a module function: the key and the generation decide when to load again.
  }, [key, generation, refresh]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, loading, error, reload };
}
