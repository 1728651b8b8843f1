import type { JobDefinition } from '../../jobs/job.js';
import type { TierService } from './service.js';

export function tierJobs(tiers: TierService): JobDefinition[] {
  return [
    {
      name: 'tiers.evaluate',
      description: 'Evaluates members whose tier decision day has come: keeps (extends), downgrades, or catches up missed upgrades',
      schedule: '15 3 * * *',
      run: ({ now, runKey }) => tiers.evaluateDue(now, runKey),
    },
    {
      name: 'tiers.upgrade-available',
      description: 'Upgrades members whose pending growth has become available and now qualifies them for a higher tier',
      schedule: '*/10 * * * *',
      run: ({ now, runKey }) => tiers.upgradeAvailable(now, runKey),
    },
    {
      name: 'tiers.warn-downgrades',
      description: 'Warns members, once per validity period, whose tier will be lost at the coming decision day',
      schedule: '45 9 * * *',
      run: ({ now, runKey }) => tiers.warnDowngrades(now, runKey),
    },
    {
      name: 'tiers.reevaluate-all',
      description: 'Moves every member to the tier the current definitions give them (run by operators after editing tiers)',
      // Operators start it; the yearly slot only keeps it registered with the scheduler.
      schedule: '0 4 1 1 *',
      run: async ({ runKey }) => {
        const result = await tiers.reevaluateAll(false, runKey);
        return { members: result.members, up: result.up, down: result.down };
      },
    },
  ];
}
