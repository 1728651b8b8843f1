import { KnownEventType, TaskStatus } from '@laurel/shared';
import type { Clock } from '../../platform/clock.js';
import { GenerationCache, type GenerationStore } from '../../platform/generation-cache.js';
import type { Task } from './model.js';

/** Every task definition by id, the active ones by trigger event type, and whether any task counts orders. */
export interface TaskIndex {
  byId: ReadonlyMap<string, Task>;
  activeByType: ReadonlyMap<string, readonly Task[]>;
  /** A refund can only take back progress from tasks triggered by orders (paused and archived ones included). */
  countsOrders: boolean;
}

/**
 * The task definitions in memory (there are few), so an event that matches no task costs no query beyond the
 * cache's generation check; a change is seen by the next event in every process (platform/generation-cache.ts).
 */
export class TaskCache {
  private readonly cache: GenerationCache<TaskIndex>;

  constructor(load: () => Promise<Task[]>, clock: Clock, refreshMs: number, store?: GenerationStore) {
    this.cache = new GenerationCache({ name: 'tasks', load: async () => indexOf(await load()), clock, refreshMs, store });
  }

  index(): Promise<TaskIndex> {
    return this.cache.get();
  }

  /** After every definition write. */
  invalidate(): Promise<void> {
    return this.cache.invalidate();
  }
}

function indexOf(tasks: Task[]): TaskIndex {
  const byId = new Map<string, Task>();
  const activeByType = new Map<string, Task[]>();
  let countsOrders = false;
  for (const task of tasks) {
    byId.set(task._id.toHexString(), task);
    if (task.trigger.eventType === KnownEventType.OrderPaid) countsOrders = true;
    if (task.status !== TaskStatus.Active) continue;
    activeByType.set(task.trigger.eventType, [...(activeByType.get(task.trigger.eventType) ?? []), task]);
  }
  return { byId, activeByType, countsOrders };
}
