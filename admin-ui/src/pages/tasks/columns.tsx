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
function Target({ task }: { task: TaskView }) {
  if (task.kind === 'milestones') return <>{task.milestones.map((m) => n(m.target)).join(' / ')}</>;
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
  const line = (keys: (keyof TaskCompletionCounts)[]) => keys.map((k) => `${n(counts[k])} ${t.counts[k]}`).join(' · ');
  return (
    <Space direction="vertical" size={0} data-testid="task-counts" style={{ whiteSpace: 'nowrap' }}>
      <Typography.Text>{line(['completed', 'claimed'])}</Typography.Text>
      <Typography.Text type="secondary">{line(['expired', 'revoked'])}</Typography.Text>
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
    { title: t.target, key: 'target', align: 'right', render: (_, task) => <Target task={task} /> },
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
