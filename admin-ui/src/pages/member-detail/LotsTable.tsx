import { Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DateTime } from '../../components/DateTime';
import type { Currency, Lot, Wallet } from './api';
import { CURRENCY_LABELS } from './WalletCard';

type LotRow = Lot & { currency: Currency };

const columns: TableColumnsType<LotRow> = [
  { title: 'Currency', dataIndex: 'currency', render: (c: Currency) => CURRENCY_LABELS[c] },
  {
    title: 'Remaining',
    dataIndex: 'remaining',
    align: 'right',
    render: (v: number, lot) => (
      <span>
        <Typography.Text strong>{v.toLocaleString('en-US')}</Typography.Text>
        <Typography.Text type="secondary"> / {lot.amount.toLocaleString('en-US')}</Typography.Text>
      </span>
    ),
  },
  {
    title: 'State',
    dataIndex: 'pending',
    render: (pending: boolean) => (pending ? <Tag color="orange">Pending</Tag> : <Tag color="green">Available</Tag>),
  },
  { title: 'Earned', dataIndex: 'earnedAt', render: (v: string) => <DateTime value={v} /> },
  { title: 'Available from', dataIndex: 'availableAt', render: (v: string) => <DateTime value={v} /> },
  { title: 'Expires', dataIndex: 'expiresAt', render: (v: string | null) => (v ? <DateTime value={v} /> : 'Never') },
  {
    title: 'Source',
    dataIndex: 'source',
    render: (s: Lot['source']) => (
      <span>
        <Tag>{s.type}</Tag>
        <Typography.Text type="secondary">{s.id}</Typography.Text>
      </span>
    ),
  },
];

/** The lots of every wallet, soonest expiry first as the ledger spends them. */
export function LotsTable({ wallets }: { wallets: Wallet[] }) {
  const rows: LotRow[] = wallets.flatMap((w) => w.lots.map((lot) => ({ ...lot, currency: w.currency })));
  return (
    <Table<LotRow>
      rowKey={(r) => `${r.currency}:${r.lotId}`}
      columns={columns}
      dataSource={rows}
      size="small"
      pagination={rows.length > 50 ? { pageSize: 50 } : false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: 'No lots: nothing earned, or all spent or expired' }}
    />
  );
}
