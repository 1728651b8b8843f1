import { useEffect, useState } from 'react';
import type { TaskView, TierView } from '@laurel/shared';
import { prerequisiteCandidates, tierLadder } from './api';

export interface TaskChoices {
  tiers: TierView[];
  /** Tasks that may be the prerequisite (the task being edited left out). */
  tasks: TaskView[];
  loading: boolean;
}

/** The tiers and tasks the form's pickers offer; a failed load leaves a picker empty (the form still works). */
export function useTaskChoices(taskId: string | undefined): TaskChoices {
  const [choices, setChoices] = useState<TaskChoices>({ tiers: [], tasks: [], loading: true });
  useEffect(() => {
    const controller = new AbortController();
    const settle = <T>(p: Promise<T>, empty: T) => p.catch(() => empty);
    void Promise.all([settle(tierLadder(controller.signal), []), settle(prerequisiteCandidates(controller.signal), [])]).then(
      ([tiers, tasks]) => {
        if (!controller.signal.aborted) setChoices({ tiers, tasks: tasks.filter((t) => t.id !== taskId), loading: false });
      },
    );
    return () => controller.abort();
  }, [taskId]);
  return choices;
}
