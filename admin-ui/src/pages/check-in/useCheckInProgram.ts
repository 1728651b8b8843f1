import { useCallback, useEffect, useState } from 'react';
import type { CheckInProgramView } from '@laurel/shared';
import { getCheckInProgram } from './api';

export interface CheckInProgramState {
  program: CheckInProgramView | null;
  loading: boolean;
  error: unknown;
  reload: () => void;
  /** After a save: show what the server stored. */
  replace: (program: CheckInProgramView) => void;
}

export function useCheckInProgram(): CheckInProgramState {
  const [program, setProgram] = useState<CheckInProgramView | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    getCheckInProgram(controller.signal)
      .then(setProgram)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { program, loading, error, reload, replace: setProgram };
}
