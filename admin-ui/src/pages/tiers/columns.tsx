import { Button, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DOWNGRADE_MODE_LABELS, type DowngradeMode, type Tier } from './api';

const n = (v: number) => v.toLocaleString('en-US');

/** Columns of the ladder; `onEdit` adds an Edit action (operators and admins). */
export function tierColumns(onEdit?: (tier: Tier) => void): TableColumnsType<Tier> {
  const columns: TableColumnsType<Tier> = [
    { title: 'Rank', dataIndex: 'rank', align: 'right' },
    { title: 'Code', dataIndex: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: 'Name', dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: 'Entry threshold', dataIndex: 'entryThreshold', align: 'right', render: n },
    { title: 'Retention threshold', dataIndex: 'retentionThreshold', align: 'right', render: n },
    {
      title: 'Validity (months)',
      dataIndex: 'validityMonths',
      align: 'right',
      render: (v: number | null) => (v === null ? <Typography.Text type="secondary">for good</Typography.Text> : v),
    },
    { title: 'Grace days', dataIndex: 'graceDays', align: 'right' },
    { title: 'Downgrade', dataIndex: 'downgradeMode', render: (v: DowngradeMode) => DOWNGRADE_MODE_LABELS[v] ?? v },
  ];
  if (!onEdit) return columns;
  return [
    ...columns,
    {
      title: 'Actions',
      key: 'actions',
      fixed: 'right',
      render: (_, tier) => (
        <Button size="small" onClick={() => onEdit(tier)} aria-label={`Edit ${tier.code}`}>
          Edit
        </Button>
      ),
    },
  ];
}
