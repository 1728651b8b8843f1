import { Alert, Descriptions, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DateTime } from '../../components/DateTime';
import type { DryRunGrant, DryRunOutcome, DryRunSkip } from './api';

const grantColumns: TableColumnsType<DryRunGrant> = [
  { title: 'Rule', dataIndex: 'ruleName' },
  {
    title: 'Grants',
    dataIndex: 'amount',
    align: 'right',
    render: (v: number, g) => <Typography.Text strong>{`+${v} ${g.currency}`}</Typography.Text>,
  },
  { title: 'Pending', dataIndex: 'pending', render: (p: boolean, g) => (p ? <DateTime value={g.availableAt} /> : 'No') },
  { title: 'Capped by', dataIndex: 'cappedBy', render: (v?: string) => (v ? <Tag color="orange">{v}</Tag> : '—') },
];

const skipColumns: TableColumnsType<DryRunSkip> = [
  { title: 'Rule', dataIndex: 'ruleName' },
  { title: 'Skipped because', dataIndex: 'reason', render: (v: string) => <Tag>{v}</Tag> },
  { title: 'Detail', dataIndex: 'detail', render: (v?: string) => v ?? '—' },
];

/** What the event would do, rule by rule. */
export function DryRunResult({ outcome }: { outcome: DryRunOutcome }) {
  return (
    <div data-testid="dry-run-result">
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="Event">
          <Typography.Text code>{outcome.type}</Typography.Text> {outcome.id}
        </Descriptions.Item>
        <Descriptions.Item label="Member">
          {outcome.memberId ?? <Typography.Text type="secondary">not enrolled yet</Typography.Text>}
        </Descriptions.Item>
      </Descriptions>
      {outcome.grants.length === 0 && outcome.skipped.length === 0 && (
        <Alert type="info" showIcon title="No active rule listens to this event type." style={{ marginBottom: 12 }} />
      )}
      {outcome.grants.length > 0 && (
        <>
          <Typography.Title level={5}>Would grant</Typography.Title>
          <Table<DryRunGrant> rowKey="ruleId" size="small" pagination={false} columns={grantColumns} dataSource={outcome.grants} />
        </>
      )}
      {outcome.skipped.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            Would skip
          </Typography.Title>
          <Table<DryRunSkip> rowKey="ruleId" size="small" pagination={false} columns={skipColumns} dataSource={outcome.skipped} />
        </>
      )}
    </div>
  );
}
