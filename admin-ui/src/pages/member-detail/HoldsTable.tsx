import { Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DateTime } from '../../components/DateTime';
import type { Currency, Hold, Wallet } from './api';
import { CURRENCY_LABELS } from './WalletCard';

type HoldRow = Hold & { currency: Currency };

const columns: TableColumnsType<HoldRow> = [
  { title: 'Order', dataIndex: 'orderId', render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
  { title: 'Currency', dataIndex: 'currency', render: (c: Currency) => CURRENCY_LABELS[c] },
  { title: 'Amount', dataIndex: 'amount', align: 'right', render: (v: number) => v.toLocaleString('en-US') },
  { title: 'Held', dataIndex: 'heldAt', render: (v: string) => <DateTime value={v} /> },
  { title: 'From lots', dataIndex: 'pieces', render: (p: Hold['pieces']) => p.length },
];

/** Points put aside at checkout, until the order is captured or released. */
export function HoldsTable({ wallets }: { wallets: Wallet[] }) {
  const rows: HoldRow[] = wallets.flatMap((w) => w.holds.map((h) => ({ ...h, currency: w.currency })));
  return (
    <Table<HoldRow>
      rowKey={(r) => `${r.currency}:${r.orderId}`}
      columns={columns}
      dataSource={rows}
      size="small"
      pagination={false}
      locale={{ emptyText: 'No open holds' }}
    />
  );
}
