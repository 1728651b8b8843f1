import type { JobDefinition } from '../../jobs/job.js';
import type { ReminderService } from './service.js';

export function reminderJobs(reminders: ReminderService): JobDefinition[] {
  return [
    {
      name: 'reminders.points-expiring',
      description: 'Reminds members of points expiring within 30 and within 7 days (once per expiry and window)',
      schedule: '0 10 * * *',
      run: ({ now, runKey }) => reminders.remindExpiringPoints(now, runKey),
    },
  ];
}
