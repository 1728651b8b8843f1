import { Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DateTime } from '../../components/DateTime';
import type { Currency, LedgerEntry, LedgerKind } from './api';
import { CURRENCY_LABELS } from './WalletCard';

const KIND_COLORS: Partial<Record<LedgerKind, string>> = {
  earn: 'green',
  spend: 'blue',
  hold: 'gold',
  capture: 'blue',
  release: 'cyan',
  adjust: 'purple',
  reverse: 'red',
  expire: 'default',
  release_pending: 'lime',
};

function Delta({ value }: { value: number }) {
  const color = value > 0 ? '#389e0d' : value < 0 ? '#cf1322' : undefined;
  return <Typography.Text style={{ color, fontVariantNumeric: 'tabular-nums' }}>{value > 0 ? `+${value}` : value}</Typography.Text>;
}

export const ledgerColumns: TableColumnsType<LedgerEntry> = [
  { title: 'Time', dataIndex: 'createdAt', render: (v: string) => <DateTime value={v} /> },
  { title: 'Currency', dataIndex: 'currency', render: (c: Currency) => CURRENCY_LABELS[c] },
  { title: 'Kind', dataIndex: 'kind', render: (k: LedgerKind) => <Tag color={KIND_COLORS[k]}>{k}</Tag> },
  { title: 'Change', dataIndex: 'delta', align: 'right', render: (v: number) => <Delta value={v} /> },
  {
    title: 'Available after',
    key: 'after',
    align: 'right',
    render: (_, e) => (
      <Tooltip title={`pending ${e.balanceAfter.pending}, held ${e.balanceAfter.held}, debt ${e.balanceAfter.debt}`}>
        {e.balanceAfter.available.toLocaleString('en-US')}
      </Tooltip>
    ),
  },
  {
    title: 'Source',
    dataIndex: 'source',
    render: (s: LedgerEntry['source'], e) => (
      <span>
        <Tag>{s.type}</Tag>
        <Typography.Text type="secondary">{e.orderId ?? s.id}</Typography.Text>
      </span>
    ),
  },
  { title: 'Reason', dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
  { title: 'Operator', dataIndex: 'operator', render: (o: LedgerEntry['operator']) => o?.label ?? '—' },
  { title: '#', dataIndex: 'seq', render: (v: number) => <Typography.Text type="secondary">{v}</Typography.Text> },
];
