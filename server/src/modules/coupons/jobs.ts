import type { JobDefinition } from '../../jobs/job.js';
import type { CouponSweeps } from './sweeps.js';

/** The coupons feature's scheduled work; each run is idempotent, in claimed batches, safe on two workers. */
export function couponJobs(sweeps: CouponSweeps): JobDefinition[] {
  return [
    {
      name: 'coupons.expire',
      description: 'Expires usable coupons past their validity; returns coupons whose lock ran out to issued (or expired)',
      schedule: '*/5 * * * *',
      run: ({ now, runKey }) => sweeps.expire(now, runKey),
    },
    {
      name: 'coupons.resume',
      description: 'Undoes coupon issues a crash left pending, and finishes issues and undos it left half done',
      schedule: '5 minutes',
      run: ({ now, runKey, logger }) =>
        sweeps.resume(now, runKey, (err, couponId) => logger.warn({ err, couponId }, 'coupon follow-up failed; retried next run')),
    },
  ];
}
