import { Button, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { definitionActionsColumn } from '../../components/definitionActionsColumn';
import { DefinitionStatusTag } from '../../components/DefinitionStatusTag';
import { changeCouponTemplateStatus } from './api';
import type { CouponTemplateView } from '@laurel/shared';
import { describeDiscount, describeMinimum, describeValidity } from './describe';
import type { CouponsTexts } from './messages';

const templateLink = (template: CouponTemplateView) => `/coupon-templates/${encodeURIComponent(template.id)}`;
const n = (v: number) => v.toLocaleString('en-US');

export interface TemplateRowActions {
  onChanged: (template: CouponTemplateView) => void;
  onIssue: (template: CouponTemplateView) => void;
}

/** Columns of the coupon templates list; `actions` adds issue, pause / resume / archive (operators and admins). */
export function couponTemplateColumns(t: CouponsTexts, actions?: TemplateRowActions): TableColumnsType<CouponTemplateView> {
  const columns: TableColumnsType<CouponTemplateView> = [
    {
      title: t.name,
      dataIndex: 'name',
      render: (v: string, template) => (
        <Link to={templateLink(template)}>
          <Typography.Text strong>{v}</Typography.Text>
        </Link>
      ),
    },
    {
      title: t.discount,
      key: 'discount',
      render: (_, template) => (
        <Space direction="vertical" size={0}>
          <span>{describeDiscount(template.discount, template.currency, t)}</span>
          <Typography.Text type="secondary">{describeMinimum(template.minSpend, template.currency, t)}</Typography.Text>
        </Space>
      ),
    },
    { title: t.validity, key: 'validity', render: (_, template) => describeValidity(template.validity, t) },
    {
      title: t.stock,
      key: 'stock',
      align: 'right',
      render: (_, template) => (
        <span data-testid="coupon-template-stock">
          {template.totalStock === null ? t.unlimited : t.stockLine(n(template.stockLeft ?? 0), n(template.totalStock))}
        </span>
      ),
    },
    {
      title: `${t.issued} / ${t.redeemed}`,
      key: 'counts',
      align: 'right',
      render: (_, template) => (
        <span data-testid="coupon-template-counts">{`${n(template.counts.issued)} / ${n(template.counts.redeemed)}`}</span>
      ),
    },
    {
      title: t.perMember,
      key: 'perMember',
      align: 'right',
      render: (_, template) => (template.perMemberLimit === null ? t.unlimited : n(template.perMemberLimit)),
    },
    {
      title: t.audience,
      key: 'audience',
      render: (_, template) => (template.audience.tiers.length === 0 ? t.allTiers : template.audience.tiers.join(', ')),
    },
    {
      title: t.status,
      dataIndex: 'status',
      render: (_, template) => <DefinitionStatusTag status={template.status} testId="coupon-template-status" />,
    },
  ];
  if (!actions) return columns;
  return [
    ...columns,
    definitionActionsColumn<CouponTemplateView>({
      title: t.actions,
      texts: t,
      link: templateLink,
      actions: (template) => ({
        change: (action) => changeCouponTemplateStatus(template.id, action),
        onChanged: actions.onChanged,
        archiveTitle: t.archiveTitle,
        archiveText: t.archiveText,
      }),
      extra: (template) =>
        template.status === 'active' && (
          <Button size="small" onClick={() => actions.onIssue(template)} aria-label={`${t.issue} ${template.name}`}>
            {t.issue}
          </Button>
        ),
    }),
  ];
}
