import { useEffect, useState } from 'react';
import { getRule, type EarningRule } from './api';

/** Loads one rule; `id` undefined means a new rule (nothing to load). */
export function useRule(id: string | undefined): { rule: EarningRule | null; loading: boolean; error: unknown } {
  const [rule, setRule] = useState<EarningRule | null>(null);
  const [loading, setLoading] = useState(id !== undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (id === undefined) return;
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    getRule(id, controller.signal)
      .then(setRule)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [id]);
  return { rule, loading, error };
}
