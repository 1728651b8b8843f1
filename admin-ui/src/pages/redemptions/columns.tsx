import { Button, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { DateTime } from '../../components/DateTime';
import { formatMoney } from '../../lib/money';
import type { RedemptionView } from '@laurel/shared';
import type { MallTexts } from '../mall/messages';
import type { RedemptionsTexts } from './messages';
import { FulfilmentTag, RedemptionStateTag } from './RedemptionStateTag';

const n = (v: number) => v.toLocaleString('en-US');

/** `1,000 points + 9.90 CNY`. */
export function describeTotal(r: Pick<RedemptionView, 'pointsTotal' | 'cashTotal'>, pointsUnit: string): string {
  const points = `${n(r.pointsTotal)} ${pointsUnit}`;
  return r.cashTotal ? `${points} + ${formatMoney(r.cashTotal.amount, r.cashTotal.currency)}` : points;
}

/** Columns of a redemptions list; `withMember` adds the member (left out on the member's own page); `onOpen` shows one. */
export function redemptionColumns(
  t: RedemptionsTexts,
  mall: MallTexts,
  withMember: boolean,
  onOpen: (r: RedemptionView) => void,
): TableColumnsType<RedemptionView> {
  const columns: TableColumnsType<RedemptionView> = [
    {
      title: t.redemption,
      dataIndex: 'id',
      render: (id: string, r) => (
        <Button type="link" size="small" onClick={() => onOpen(r)} aria-label={`${t.redemption} ${id}`} style={{ padding: 0 }}>
          <Typography.Text code>{id.slice(-8)}</Typography.Text>
        </Button>
      ),
    },
    {
      title: t.member,
      dataIndex: 'memberId',
      render: (memberId: string) => (
        <Link to={`/members/${encodeURIComponent(memberId)}`}>
          <Typography.Text code>{memberId.slice(-8)}</Typography.Text>
        </Link>
      ),
    },
    {
      title: t.reward,
      key: 'reward',
      render: (_, r) => (
        <Space size={4}>
          <span>{r.rewardName}</span>
          <Tag>{mall.types[r.rewardType]}</Tag>
        </Space>
      ),
    },
    { title: t.quantity, dataIndex: 'quantity', align: 'right' },
    { title: t.total, key: 'total', align: 'right', render: (_, r) => describeTotal(r, mall.pointsUnit) },
    { title: t.state, dataIndex: 'state', render: (_, r) => <RedemptionStateTag state={r.state} /> },
    { title: t.fulfilment, key: 'fulfilment', render: (_, r) => (r.fulfilment ? <FulfilmentTag status={r.fulfilment.status} /> : '—') },
    { title: t.created, dataIndex: 'createdAt', render: (v: string) => <DateTime value={v} /> },
  ];
  return withMember ? columns : columns.filter((c) => c.title !== t.member);
}
