import { AdminRole } from '@laurel/shared';
import type { ApiRouter } from '../platform/http/api-router.js';
import type { Scheduler } from './scheduler.js';

export function registerJobRoutes(admin: ApiRouter, scheduler: Scheduler): void {
  admin
    .route({
      method: 'get',
      path: '/jobs',
      summary: 'Scheduled jobs with their last and next run and last result',
      tag: 'Jobs',
      auth: { kind: 'admin', role: AdminRole.Viewer },
      responds: { status: 200, description: 'Every job' },
      handler: async () => ({ status: 200, body: { items: await scheduler.list() } }),
    })
    .route({
      method: 'post',
      path: '/jobs/:name/run',
      summary: 'Run a job now, in this process; answers with the recorded run',
      tag: 'Jobs',
      auth: { kind: 'admin', role: AdminRole.Operator },
      responds: { status: 200, description: 'The run: outcome, counts, duration' },
      handler: async ({ params }) => ({ status: 200, body: await scheduler.runJob(params.name ?? '') }),
    })
    .route({
      method: 'post',
      path: '/jobs/:name/pause',
      summary: 'Pause the schedule of a job',
      tag: 'Jobs',
      auth: { kind: 'admin', role: AdminRole.Operator },
      responds: { status: 204, description: 'Paused' },
      handler: async ({ params }) => (await scheduler.pause(params.name ?? ''), { status: 204 }),
    })
    .route({
      method: 'post',
      path: '/jobs/:name/resume',
      summary: 'Resume the schedule of a job',
      tag: 'Jobs',
      auth: { kind: 'admin', role: AdminRole.Operator },
      responds: { status: 204, description: 'Resumed' },
      handler: async ({ params }) => (await scheduler.resume(params.name ?? ''), { status: 204 }),
    });
}
