import { Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TaskCompletionCounts, TaskView } from '@laurel/shared';
import { Link } from 'react-router-dom';
import type { TasksTexts } from './messages';
import { describeRewards, type rewardMessages } from './rewards';
import { TaskStatusActions } from './TaskStatusActions';
import { TaskStatusTag } from './TaskStatusTag';

type RewardTexts = (typeof rewardMessages)['en'];

const taskLink = (task: TaskView) => `/tasks/${encodeURIComponent(task.id)}`;
const n = (v: number) => v.toLocaleString('en-US');
const COUNT_COLORS: Record<keyof TaskCompletionCounts, string> = {
  completed: 'blue',
  claimed: 'green',
  expired: 'default',
  revoked: 'red',
};

function Target({ task, t }: { task: TaskView; t: TasksTexts }) {
  if (task.kind === 'milestones') return <>{t.milestoneTargets(task.milestones.map((m) => n(m.target)).join(' / '))}</>;
  return <>{task.target === null ? '—' : n(task.target)}</>;
}

function Rewards({ task, r }: { task: TaskView; r: RewardTexts }) {
  if (task.kind !== 'milestones') return <>{describeRewards(task.rewards, r)}</>;
  return (
    <Space direction="vertical" size={0}>
      {task.milestones.map((m, i) => (
        <Typography.Text key={i}>
          {n(m.target)}: {describeRewards(m.rewards, r)}
        </Typography.Text>
      ))}
    </Space>
  );
}

function Counts({ counts, t }: { counts: TaskCompletionCounts; t: TasksTexts }) {
  const keys = Object.keys(COUNT_COLORS) as (keyof TaskCompletionCounts)[];
  return (
    <Space size={[4, 4]} wrap data-testid="task-counts">
      {keys.map((k) => (
        <Tag key={k} color={counts[k] > 0 ? COUNT_COLORS[k] : 'default'} variant={counts[k] > 0 ? 'filled' : 'outlined'}>
          {t.counts[k]} {n(counts[k])}
        </Tag>
      ))}
    </Space>
  );
}

/** Columns of the tasks list; `onChanged` adds pause / resume / archive (operators and admins). */
export function taskColumns(t: TasksTexts, r: RewardTexts, onChanged?: (task: TaskView) => void): TableColumnsType<TaskView> {
  const columns: TableColumnsType<TaskView> = [
    {
      title: t.name,
      dataIndex: 'name',
      render: (v: string, task) => (
        <Link to={taskLink(task)}>
          <Typography.Text strong>{v}</Typography.Text>
        </Link>
      ),
    },
    { title: t.kind, dataIndex: 'kind', render: (_, task) => <Tag>{t.kinds[task.kind]}</Tag> },
    {
      title: t.trigger,
      key: 'trigger',
      render: (_, task) => (
        <Space direction="vertical" size={0}>
          <Typography.Text code>{task.trigger.eventType}</Typography.Text>
          {task.trigger.measure === 'sum' && (
            <Typography.Text type="secondary">{t.sumOf(task.trigger.attribute ?? 'amount')}</Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t.target, key: 'target', align: 'right', render: (_, task) => <Target task={task} t={t} /> },
    { title: t.rewards, key: 'rewards', render: (_, task) => <Rewards task={task} r={r} /> },
    {
      title: t.claim,
      key: 'claim',
      render: (_, task) => (
        <Space direction="vertical" size={0}>
          <span>{t.claimModes[task.claimMode]}</span>
          {task.claimMode === 'manual' && <Typography.Text type="secondary">{t.claimWithin(task.claimWindowDays)}</Typography.Text>}
        </Space>
      ),
    },
    { title: t.status, dataIndex: 'status', render: (_, task) => <TaskStatusTag status={task.status} /> },
    { title: t.completions, key: 'counts', render: (_, task) => <Counts counts={task.counts} t={t} /> },
    { title: t.displayOrder, dataIndex: 'displayOrder', align: 'right' },
  ];
  if (!onChanged) return columns;
  return [
    ...columns,
    {
      title: t.actions,
      key: 'actions',
      fixed: 'right',
      render: (_, task) =>
        task.status === 'archived' ? (
          <Link to={taskLink(task)}>{t.view}</Link>
        ) : (
          <Space>
            <Link to={taskLink(task)}>{t.edit}</Link>
            <TaskStatusActions task={task} onChanged={onChanged} size="small" />
          </Space>
        ),
    },
  ];
}
