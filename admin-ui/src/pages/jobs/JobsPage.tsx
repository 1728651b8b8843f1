import { ReloadOutlined } from '@ant-design/icons';
import { Button, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useHasRole } from '../../auth/useSession';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { listJobs, type Job } from './api';
import { JobActions } from './JobActions';
import { JobResult } from './JobResult';

const baseColumns: TableColumnsType<Job> = [
  {
    title: 'Job',
    dataIndex: 'name',
    render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
  },
  {
    title: 'Schedule',
    dataIndex: 'schedule',
    render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
  },
  {
    title: 'State',
    dataIndex: 'paused',
    render: (paused: boolean) => (paused ? <Tag color="warning">Paused</Tag> : <Tag color="processing">Active</Tag>),
  },
  {
    title: 'Last run',
    dataIndex: 'lastRunAt',
    render: (v: string | null) => <DateTime value={v} relative />,
  },
  {
    title: 'Last result',
    dataIndex: 'lastResult',
    render: (v: unknown) => <JobResult value={v} />,
  },
  {
    title: 'Next run',
    dataIndex: 'nextRunAt',
    render: (v: string | null, job) => (job.paused ? '—' : <DateTime value={v} relative />),
  },
];

export function JobsPage() {
  const list = useCursorList(listJobs);
  const canOperate = useHasRole('operator');

  const columns: TableColumnsType<Job> = canOperate
    ? [
        ...baseColumns,
        {
          title: 'Actions',
          key: 'actions',
          fixed: 'right',
          render: (_, job) => <JobActions job={job} onDone={list.reload} />,
        },
      ]
    : baseColumns;

  return (
    <>
      <PageHeader
        title="Jobs"
        subtitle="Scheduled background jobs (expiry, tier evaluation, settlements…)"
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>
            Refresh
          </Button>
        }
      />
      <CursorTable<Job> list={list} rowKey="name" columns={columns} errorTitle="Could not load jobs" emptyText="No jobs registered" />
    </>
  );
}
