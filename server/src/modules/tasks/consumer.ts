import type { Clock } from '../../platform/clock.js';
import type { MemberFactsSource } from '../earning-rules/consumer.js';
import type { MemberFacts } from '../earning-rules/evaluate.js';
import type { EventConsumer, OutcomePart, PipelineEvent } from '../events/pipeline.js';
import type { TaskCache } from './cache.js';
import type { Completions } from './completions.js';
import { needsMember, planSteps, timelyTasks, type TasksPlan } from './plan.js';
import type { ProgressRecords } from './progress.js';

const NO_MEMBER: MemberFacts = { tags: [], tier: null };

/**
 * The tasks consumer of the event pipeline, after earning rules and refunds. `plan` decides from the cached
 * definitions which tasks the event advances, by how much and in which period (reading the member only when a
 * matching task looks at tags or tier, and whether a prerequisite was completed only when a matching task has one); an
 * event that matches no task costs no query. `apply` advances each record once per contributor, records the
 * completions reached and claims automatic ones. Refunds take back the progress their order contributed.
 */
export class TasksConsumer implements EventConsumer<TasksPlan> {
  readonly name = 'tasks';

  constructor(
    private readonly cache: TaskCache,
    private readonly members: MemberFactsSource,
    private readonly progress: ProgressRecords,
    private readonly completions: Completions,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  async plan(event: PipelineEvent): Promise<TasksPlan | null> {
    const index = await this.cache.index();
    if (event.refund) return index.countsOrders ? { refund: { orderId: event.refund.orderId } } : null;
    const candidates = index.activeByType.get(event.type);
    if (!candidates) return null;
    const tasks = timelyTasks(candidates, event, this.zone);
    if (tasks.length === 0) return null;
    const member = needsMember(tasks) ? await this.members.factsOf(event.member.id) : NO_MEMBER;
    const prerequisites = [...new Set(tasks.map((t) => t.prerequisiteTaskId).filter((id): id is string => id !== null))];
    const met = await this.completions.completedTasks(event.member.id, prerequisites);
    const steps = planSteps(tasks, event, member, met, this.zone);
    return steps.length > 0 ? { steps } : null;
  }

  async apply(event: PipelineEvent, plan: TasksPlan | null): Promise<OutcomePart> {
    if (plan?.refund) await this.applyRefund(event, plan.refund.orderId);
    for (const step of plan?.steps ?? []) {
      const { record, from } = await this.progress.advance(event.member.id, step, this.clock.now());
      await this.completions.completeReached(record, from, step.completionLimit);
    }
    return {};
  }

  private async applyRefund(event: PipelineEvent, orderId: string): Promise<void> {
    const orderAmount = event.refund?.orderAmount ?? null;
    // The events service applies a refund once its order is there, stating the order's amount.
    if (orderAmount === null || !event.refund)
      throw new Error(`refund ${event.id} applied before the order.paid event of order ${orderId}`);
    const refund = { eventId: event.id, orderId, refundAmount: event.refund.refundAmount, orderAmount };
    for (const record of await this.progress.takeBack(event.member.id, refund, this.clock.now())) {
      await this.completions.revokeAbove(record);
    }
  }
}
