import { RewardType, rewardName, type FieldError, type RewardView } from '@laurel/shared';
import { isFound } from '../../platform/errors.js';

/** Where rewards' coupon templates and benefits are looked up (the coupon template and benefit definition services fit). */
export interface RewardCatalog {
  couponTemplate(id: string): Promise<unknown>;
  /** Why the benefit cannot be granted to one member, or null (the benefit definition service's grantProblem fits). */
  benefitProblem(code: string): Promise<string | null>;
}

/** The rewards as a list names them: one of each name (one points, one per coupon template, one per benefit). */
export function duplicateRewardProblem(rewards: readonly RewardView[]): string | null {
  const names = rewards.map(rewardName);
  return new Set(names).size === names.length ? null : 'at most one reward of each type (one per coupon template, one per benefit)';
}

/**
 * Checks that the coupon templates and benefits a definition's rewards name exist: an unknown one is a field error
 * on the reward's field (`<field>.<index>.templateId`), so that a definition never promises what cannot be given.
 */
export class RewardChecks {
  constructor(private readonly catalog: RewardCatalog) {}

  async problems(lists: readonly { field: string; rewards: readonly RewardView[] }[]): Promise<FieldError[]> {
    const problems: FieldError[] = [];
    for (const { field, rewards } of lists) {
      for (const [i, reward] of rewards.entries()) {
        if (reward.type === RewardType.Coupon && !(await isFound(() => this.catalog.couponTemplate(reward.templateId ?? '')))) {
          problems.push({ field: `${field}.${i}.templateId`, reasons: [`no coupon template ${reward.templateId ?? ''}`] });
        }
        const benefitProblem = reward.type === RewardType.Benefit ? await this.catalog.benefitProblem(reward.benefitCode ?? '') : null;
        if (benefitProblem) problems.push({ field: `${field}.${i}.benefitCode`, reasons: [benefitProblem] });
      }
    }
    return problems;
  }
}
