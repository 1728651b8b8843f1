import { Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DateTime } from '../../components/DateTime';
import type { TierChange, TierChangeReason } from './api';

const REASONS: Record<TierChangeReason, { label: string; color: string }> = {
  upgrade: { label: 'upgrade', color: 'green' },
  retention_missed: { label: 'retention missed', color: 'red' },
  manual: { label: 'manual', color: 'purple' },
  reevaluation: { label: 're-evaluation', color: 'blue' },
};

function TierCode({ code }: { code: string | null }) {
  return code ? <Tag color="gold">{code}</Tag> : <Typography.Text type="secondary">no tier</Typography.Text>;
}

export const tierHistoryColumns: TableColumnsType<TierChange> = [
  { title: 'When', dataIndex: 'at', render: (v: string) => <DateTime value={v} /> },
  {
    title: 'Change',
    key: 'change',
    render: (_, c) => (
      <span style={{ whiteSpace: 'nowrap' }}>
        <TierCode code={c.from} /> → <TierCode code={c.to} />
      </span>
    ),
  },
  {
    title: 'Reason',
    dataIndex: 'reason',
    render: (r: TierChangeReason) => <Tag color={REASONS[r]?.color}>{REASONS[r]?.label ?? r}</Tag>,
  },
  {
    title: 'Who',
    dataIndex: 'actor',
    render: (a: TierChange['actor']) => <Tooltip title={`${a.type} ${a.id}`}>{a.label}</Tooltip>,
  },
  { title: 'Note', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
  { title: 'Valid until', dataIndex: 'validUntil', render: (v: string | null) => <DateTime value={v} /> },
];
