import type { CreateTaskDto, TaskKind, TaskStatus, TaskView, TierView, UpdateTaskDto } from '@laurel/shared';
import { api } from '../../api/client';
import { seg, type Page, type PageFetcher } from '../../api/types';

// Records, so the compiler asks for every kind and status the API knows.
const KINDS: Record<TaskKind, true> = { once: true, daily: true, weekly: true, monthly: true, window: true, milestones: true };
const STATUSES: Record<TaskStatus, true> = { active: true, paused: true, archived: true };
export const TASK_KIND_LIST = Object.keys(KINDS) as TaskKind[];
export const TASK_STATUS_LIST = Object.keys(STATUSES) as TaskStatus[];

export interface TaskFilter {
  status?: TaskStatus;
  kind?: TaskKind;
}

export function tasksFetcher(filter: TaskFilter): PageFetcher<TaskView> {
  return ({ cursor, limit, signal }) =>
    api.get<Page<TaskView>>('/tasks', { query: { status: filter.status, kind: filter.kind, limit: Math.min(limit, 100), cursor }, signal });
}

export function getTask(id: string, signal?: AbortSignal): Promise<TaskView> {
  return api.get<TaskView>(`/tasks/${seg(id)}`, { signal });
}

export function createTask(input: CreateTaskDto, idempotencyKey: string): Promise<TaskView> {
  return api.post<TaskView>('/tasks', input, { idempotencyKey });
}

/** Applies only to `input.version` of the task (409 CONFLICT when someone changed it meanwhile). */
export function updateTask(id: string, input: UpdateTaskDto, idempotencyKey: string): Promise<TaskView> {
  return api.patch<TaskView>(`/tasks/${seg(id)}`, input, { idempotencyKey });
}

export type TaskAction = 'pause' | 'resume' | 'archive';

/** Repeating an action changes nothing (a paused task stays paused). */
export function changeTaskStatus(id: string, action: TaskAction): Promise<TaskView> {
  return api.post<TaskView>(`/tasks/${seg(id)}/${action}`, {});
}

/** Every task that may be a prerequisite (the first 100, archived ones left out). */
export async function prerequisiteCandidates(signal: AbortSignal): Promise<TaskView[]> {
  const page = await api.get<Page<TaskView>>('/tasks', { query: { limit: 100 }, signal });
  return page.items.filter((t) => t.status !== 'archived');
}

/** The tier ladder, for the audience picker. */
export async function tierLadder(signal: AbortSignal): Promise<TierView[]> {
  return (await api.get<Page<TierView>>('/tiers', { signal })).items;
}
