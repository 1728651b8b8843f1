import { useEffect, useMemo, useState } from 'react';
import { Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { MemberTaskView, TaskCompletionView, TaskProgressState } from '@laurel/shared';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { useMessages } from '../../i18n/language';
import { tasksMessages, type TasksTexts } from '../tasks/messages';
import { describeRewards, rewardMessages } from '../tasks/rewards';
import { memberTasksMessages, type MemberTasksTexts } from './memberTasksMessages';
import { getMemberTasks } from './memberTasksCheckInsApi';

type RewardTexts = (typeof rewardMessages)['en'];

const STATE_COLORS: Record<TaskProgressState, string> = {
  in_progress: 'processing',
  completed: 'blue',
  claimed: 'success',
  expired: 'default',
  revoked: 'error',
};
const n = (v: number) => v.toLocaleString('en-US');

function StateTag({ state, t }: { state: TaskProgressState; t: MemberTasksTexts }) {
  return (
    <Tag color={STATE_COLORS[state]} data-testid="member-task-state">
      {t.states[state]}
    </Tag>
  );
}

function Completion({ c, t, r }: { c: TaskCompletionView; t: MemberTasksTexts; r: RewardTexts }) {
  const granted = c.rewards.filter((reward) => reward.entryId !== null);
  const detail = (
    <Space direction="vertical" size={0}>
      {c.completedAt && (
        <span>
          {t.completedAt}: <DateTime value={c.completedAt} />
        </span>
      )}
      {c.claimedAt && (
        <span>
          {t.claimedAt}: <DateTime value={c.claimedAt} />
        </span>
      )}
      {granted.length > 0 && (
        <span>
          {t.granted}: {describeRewards(granted, r)}
        </span>
      )}
    </Space>
  );
  return (
    <Tooltip title={c.completedAt ? detail : undefined}>
      <Space size={4} data-testid="member-task-completion">
        <Typography.Text type="secondary">{t.milestone(n(c.target))}</Typography.Text>
        <StateTag state={c.state} t={t} />
      </Space>
    </Tooltip>
  );
}

function columns(t: MemberTasksTexts, k: TasksTexts, r: RewardTexts): TableColumnsType<MemberTaskView> {
  return [
    {
      title: t.task,
      key: 'task',
      render: (_, task) => (
        <Space direction="vertical" size={0}>
          <Space size={6}>
            <Typography.Text strong>{task.name}</Typography.Text>
            <Tag>{k.kinds[task.kind]}</Tag>
          </Space>
          {task.description && <Typography.Text type="secondary">{task.description}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t.period,
      key: 'period',
      render: (_, task) => (
        <Space direction="vertical" size={0}>
          <Typography.Text code>{task.periodKey}</Typography.Text>
          {task.periodEnd && (
            <Typography.Text type="secondary">
              {t.ends} <DateTime value={task.periodEnd} />
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t.progress,
      key: 'progress',
      width: 200,
      render: (_, task) => (
        <Progress
          size="small"
          percent={task.target > 0 ? Math.min(100, Math.floor((task.progress / task.target) * 100)) : 0}
          format={() => `${n(task.progress)} / ${n(task.target)}`}
          status={task.state === 'revoked' || task.state === 'expired' ? 'exception' : undefined}
          data-testid="member-task-progress"
        />
      ),
    },
    {
      title: t.state,
      key: 'state',
      render: (_, task) => (
        <Space direction="vertical" size={2}>
          <StateTag state={task.state} t={t} />
          {task.locked && <Tag color="warning">{t.locks[task.locked]}</Tag>}
          {task.completionsLeft !== null && <Typography.Text type="secondary">{t.completionsLeft(task.completionsLeft)}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t.completions,
      key: 'completions',
      render: (_, task) =>
        task.milestones.length === 0 ? (
          t.nothing
        ) : (
          <Space direction="vertical" size={2}>
            {task.milestones.map((c) => (
              <Completion key={c.milestone} c={c} t={t} r={r} />
            ))}
          </Space>
        ),
    },
    { title: t.rewards, key: 'rewards', render: (_, task) => describeRewards(task.rewards, r) },
    {
      title: t.claimable,
      key: 'claimable',
      render: (_, task) =>
        task.claimable.length === 0 ? (
          t.nothing
        ) : (
          <Space direction="vertical" size={2}>
            {task.claimable.map((c) => (
              <span key={`${c.periodKey}:${c.milestone}`}>
                <Typography.Text code>{c.periodKey}</Typography.Text>{' '}
                {c.claimBy ? (
                  <>
                    {t.claimBy} <DateTime value={c.claimBy} />
                  </>
                ) : (
                  <Typography.Text type="secondary">{t.noClaimBy}</Typography.Text>
                )}
              </span>
            ))}
          </Space>
        ),
    },
  ];
}

export interface MemberTasksTabProps {
  memberId: string;
  /** Changes reload the list. */
  version: number;
}

/** The member's tasks as the member's app shows them (progress of the current period, completions, claims). */
export function MemberTasksTab({ memberId, version }: MemberTasksTabProps) {
  const t = useMessages(memberTasksMessages);
  const k = useMessages(tasksMessages);
  const r = useMessages(rewardMessages);
  const [items, setItems] = useState<MemberTaskView[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    getMemberTasks(memberId, controller.signal)
      .then(setItems)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [memberId, version]);
  const cols = useMemo(() => columns(t, k, r), [t, k, r]);
  return (
    <div data-testid="member-tasks">
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      {error ? <ApiErrorAlert error={error} title={t.couldNotLoad} /> : null}
      <Table<MemberTaskView>
        size="small"
        rowKey="taskId"
        loading={loading}
        dataSource={items}
        columns={cols}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t.empty }}
      />
    </div>
  );
}
