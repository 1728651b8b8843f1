import { useCallback, useEffect, useState } from 'react';
import { getMemberDetail, type MemberDetail } from './api';

export interface MemberDetailState {
  data: MemberDetail | null;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

/** The member and their wallets; `reload` after a change (keeps the old data on screen meanwhile). */
export function useMemberDetail(id: string): MemberDetailState {
  const [data, setData] = useState<MemberDetail | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    getMemberDetail(id, controller.signal)
      .then((d) => setData(d))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [id, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, loading, error, reload };
}
