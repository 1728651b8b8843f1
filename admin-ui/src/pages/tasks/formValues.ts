import type { ClaimMode, CreateTaskDto, TaskKind, TaskMeasure, TaskTriggerDto, TaskView, UpdateTaskDto } from '@laurel/shared';
import dayjs, { type Dayjs } from 'dayjs';
import { namePathOf } from '../../api/fieldErrors';
import { conditionsOf, type RuleFormValues } from '../earning-rules/formValues';
import { rewardInputOf, toAmounts, toRewards, type RewardAmounts } from './rewards';

/**
 * The form holds the API's shape where it can, so a server error on `milestones.1.target` lands on that field;
 * the trigger's conditions sit at the top level (where the earning rules' condition inputs put them) and each
 * reward list is one amount per reward type. {@link taskFieldOf} maps the server's field paths onto the inputs.
 */
export interface TaskFormValues {
  name?: string;
  description?: string;
  kind?: TaskKind;
  trigger?: { eventType?: string; measure?: TaskMeasure; attribute?: string };
  conditions?: RuleFormValues['conditions'];
  target?: number | null;
  rewards?: RewardAmounts;
  milestones?: { target?: number | null; rewards?: RewardAmounts }[];
  claimMode?: ClaimMode;
  claimWindowDays?: number | null;
  clawbackOnRefund?: boolean;
  weekStart?: number;
  startsAt?: Dayjs | null;
  endsAt?: Dayjs | null;
  audience?: { tiers?: string[] };
  prerequisiteTaskId?: string | null;
  completionLimit?: number | null;
  displayOrder?: number | null;
  active?: boolean;
}

const num = (v: number | null | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const instant = (v: Dayjs | null | undefined): string | undefined => (v ? v.toISOString() : undefined);

export const NEW_TASK_VALUES: TaskFormValues = {
  kind: 'daily',
  trigger: { eventType: 'order.paid', measure: 'count' },
  milestones: [{}],
  claimMode: 'auto',
  claimWindowDays: 7,
  clawbackOnRefund: true,
  weekStart: 1,
  audience: { tiers: [] },
  displayOrder: 0,
  active: true,
};

export function toFormValues(task: TaskView): TaskFormValues {
  return {
    name: task.name,
    description: task.description,
    kind: task.kind,
    trigger: { eventType: task.trigger.eventType, measure: task.trigger.measure, attribute: task.trigger.attribute ?? undefined },
    conditions: task.trigger.conditions,
    target: task.target,
    rewards: toAmounts(task.rewards),
    milestones: task.milestones.length > 0 ? task.milestones.map((m) => ({ target: m.target, rewards: toAmounts(m.rewards) })) : [{}],
    claimMode: task.claimMode,
    claimWindowDays: task.claimWindowDays,
    clawbackOnRefund: task.clawbackOnRefund,
    weekStart: task.weekStart,
    startsAt: task.startsAt ? dayjs(task.startsAt) : null,
    endsAt: task.endsAt ? dayjs(task.endsAt) : null,
    audience: { tiers: task.audience.tiers },
    prerequisiteTaskId: task.prerequisiteTaskId,
    completionLimit: task.completionLimit,
    displayOrder: task.displayOrder,
  };
}

function triggerOf(v: TaskFormValues): TaskTriggerDto {
  const measure = v.trigger?.measure ?? 'count';
  const attribute = v.trigger?.attribute?.trim();
  return {
    eventType: (v.trigger?.eventType ?? '').trim(),
    measure,
    conditions: conditionsOf(v.conditions),
    ...(measure === 'sum' && attribute ? { attribute } : {}),
  };
}

// A missing number is left out of the body, so the server names that field in its answer.
function goalOf(v: TaskFormValues): Pick<CreateTaskDto, 'target' | 'rewards' | 'milestones'> {
  if (v.kind === 'milestones') {
    return { milestones: (v.milestones ?? []).map((m) => ({ target: m.target as number, rewards: toRewards(m.rewards) })) };
  }
  return { target: num(v.target), rewards: toRewards(v.rewards) };
}

/** What create and change share; blank optional inputs are left out. */
function commonOf(v: TaskFormValues): Omit<CreateTaskDto, 'kind' | 'active' | 'prerequisiteTaskId'> {
  const claimMode = v.claimMode ?? 'auto';
  return {
    name: (v.name ?? '').trim(),
    description: v.description?.trim() ?? '',
    trigger: triggerOf(v),
    ...goalOf(v),
    claimMode,
    ...(claimMode === 'manual' && num(v.claimWindowDays) !== undefined ? { claimWindowDays: num(v.claimWindowDays) } : {}),
    clawbackOnRefund: v.clawbackOnRefund ?? true,
    ...(v.kind === 'weekly' ? { weekStart: v.weekStart ?? 1 } : {}),
    audience: { tiers: v.audience?.tiers ?? [] },
    startsAt: instant(v.startsAt),
    endsAt: instant(v.endsAt),
    completionLimit: num(v.completionLimit),
    displayOrder: num(v.displayOrder) ?? 0,
  };
}

export function toCreateBody(v: TaskFormValues): CreateTaskDto {
  return {
    ...commonOf(v),
    name: (v.name ?? '').trim(),
    kind: v.kind ?? 'daily',
    trigger: triggerOf(v),
    ...(v.prerequisiteTaskId ? { prerequisiteTaskId: v.prerequisiteTaskId } : {}),
    active: v.active ?? true,
  };
}

/** The whole definition as a change of `version`; an empty prerequisite, start, end or limit removes it. */
export function toUpdateBody(v: TaskFormValues, version: number): UpdateTaskDto {
  const common = commonOf(v);
  // A blank input removes a saved value.
  return {
    version,
    ...common,
    startsAt: common.startsAt ?? null,
    endsAt: common.endsAt ?? null,
    completionLimit: common.completionLimit ?? null,
    prerequisiteTaskId: v.prerequisiteTaskId ?? '',
  };
}

/** `trigger.conditions.channels.0` → `['conditions', 'channels']`: a list input holds its items' errors. */
function upToList(path: (string | number)[]): (string | number)[] {
  const index = path.findIndex((p) => typeof p === 'number');
  return index < 0 ? path : path.slice(0, index);
}

/** Conditions made of several inputs: an error on the whole condition goes on its first input. */
const CONDITION_FIRST_INPUT: Record<string, string> = { amount: 'min', skus: 'include', categories: 'include' };

function conditionInputOf(path: (string | number)[]): (string | number)[] {
  const inner = upToList(path);
  const first = inner.length === 1 ? CONDITION_FIRST_INPUT[String(inner[0])] : undefined;
  return ['conditions', ...inner, ...(first ? [first] : [])];
}

/** The input a server field error of the sent body belongs to. */
export function taskFieldOf(field: string, sent: CreateTaskDto | UpdateTaskDto): (string | number)[] {
  const path = namePathOf(field);
  const [head, second, third, fourth, fifth] = path;
  if (head === 'trigger' && second === 'conditions') return conditionInputOf(path.slice(2));
  if (head === 'rewards') return ['rewards', ...rewardInputOf(sent.rewards, second, third)];
  if (head === 'milestones' && typeof second === 'number') {
    if (third === 'rewards') return ['milestones', second, 'rewards', ...rewardInputOf(sent.milestones?.[second]?.rewards, fourth, fifth)];
    return ['milestones', second, 'target'];
  }
  if (head === 'audience') return ['audience', 'tiers'];
  return path;
}
