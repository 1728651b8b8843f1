import { api } from '../../api/client';
import { seg, type IsoDateTime, type Page, type PageFetcher } from '../../api/types';

export interface Job {
  name: string;
  /** Cron expression or interval description. */
  schedule: string;
  lastRunAt: IsoDateTime | null;
  nextRunAt: IsoDateTime | null;
  /** e.g. `{ outcome: "success" | "failure", durationMs, counts, error }`. */
  lastResult: unknown;
  paused: boolean;
}

export type JobAction = 'run' | 'pause' | 'resume';

/** `GET /jobs` is not paginated, but it is shaped like a page so CursorTable can render it. */
export const listJobs: PageFetcher<Job> = ({ signal }) => api.get<Page<Job>>('/jobs', { signal });

/** `run` answers with the recorded run; `pause`/`resume` answer 204. */
export function jobAction(name: string, action: JobAction): Promise<unknown> {
  return api.post<unknown>(`/jobs/${seg(name)}/${action}`, {});
}
