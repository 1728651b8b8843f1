import { Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { definitionActionsColumn } from '../../components/definitionActionsColumn';
import { DefinitionStatusTag } from '../../components/DefinitionStatusTag';
import { changeRewardStatus } from './api';
import type { MallRewardView } from '@laurel/shared';
import { describeLimit, describePrice, describeSale, describeStock } from './describe';
import type { MallTexts } from './messages';

const rewardLink = (r: MallRewardView) => `/rewards/${encodeURIComponent(r.id)}`;

/** Columns of the rewards list; `onChanged` adds pause / resume / archive (operators and admins). */
export function rewardColumns(t: MallTexts, onChanged?: (r: MallRewardView) => void): TableColumnsType<MallRewardView> {
  const columns: TableColumnsType<MallRewardView> = [
    {
      title: t.name,
      dataIndex: 'name',
      render: (v: string, r) => (
        <Link to={rewardLink(r)}>
          <Typography.Text strong>{v}</Typography.Text>
        </Link>
      ),
    },
    { title: t.type, dataIndex: 'type', render: (_, r) => <Tag>{t.types[r.type]}</Tag> },
    { title: t.price, key: 'price', render: (_, r) => <span data-testid="reward-price">{describePrice(r.pointsPrice, r.cash, t)}</span> },
    { title: t.stock, key: 'stock', align: 'right', render: (_, r) => <span data-testid="reward-stock">{describeStock(r.stock, t)}</span> },
    { title: t.sale, key: 'sale', render: (_, r) => describeSale(r, t) },
    { title: t.limit, key: 'limit', render: (_, r) => describeLimit(r.limit, t) },
    { title: t.tiers, key: 'tiers', render: (_, r) => (r.tiers.length === 0 ? t.allMembers : r.tiers.join(', ')) },
    { title: t.revocable, dataIndex: 'revocable', render: (v: boolean) => (v ? t.yes : t.no) },
    { title: t.status, dataIndex: 'status', render: (_, r) => <DefinitionStatusTag status={r.status} testId="reward-status" /> },
    { title: t.displayOrder, dataIndex: 'displayOrder', align: 'right' },
  ];
  if (!onChanged) return columns;
  return [
    ...columns,
    definitionActionsColumn<MallRewardView>({
      title: t.actions,
      texts: t,
      link: rewardLink,
      actions: (r) => ({
        change: (action) => changeRewardStatus(r.id, action),
        onChanged,
        archiveTitle: t.archiveTitle,
        archiveText: t.archiveText,
      }),
    }),
  ];
}
