import { useCallback, useEffect, useState } from 'react';
import type { TaskView } from '@laurel/shared';
import { getTask } from './api';

export interface TaskState {
  task: TaskView | null;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

/** Loads one task; `id` undefined means a new task (nothing to load). */
export function useTask(id: string | undefined): TaskState {
  const [task, setTask] = useState<TaskView | null>(null);
  const [loading, setLoading] = useState(id !== undefined);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (id === undefined) return;
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    getTask(id, controller.signal)
      .then(setTask)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [id, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { task, loading, error, reload };
}
