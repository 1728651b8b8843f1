import { useMemo, useState } from 'react';
import { Button, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useHasRole } from '../../auth/useSession';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { DateTime } from '../../components/DateTime';
import { useMessages } from '../../i18n/language';
import { COUPON_STATE_LIST, memberCouponsFetcher } from '../coupons/api';
import type { CouponState, CouponView } from '@laurel/shared';
import { describeDiscount, describeMinimum } from '../coupons/describe';
import { IssueCouponModal } from '../coupons/IssueCouponModal';
import { couponsMessages, type CouponsTexts } from '../coupons/messages';
import { memberLoyaltyMessages, type MemberLoyaltyTexts } from './memberLoyaltyMessages';
import { VoidCouponModal } from './VoidCouponModal';

const ALL = 'all';
const STATE_COLORS: Record<CouponState, string> = {
  issued: 'processing',
  locked: 'gold',
  redeemed: 'success',
  restored: 'cyan',
  expired: 'default',
  voided: 'error',
};
/** States an operator may void from. */
const VOIDABLE: ReadonlySet<CouponState> = new Set(['issued', 'locked', 'restored']);

function columns(t: MemberLoyaltyTexts, c: CouponsTexts, onVoid?: (coupon: CouponView) => void): TableColumnsType<CouponView> {
  const cols: TableColumnsType<CouponView> = [
    {
      title: t.code,
      dataIndex: 'code',
      render: (v: string) => (
        <Typography.Text code copyable>
          {v}
        </Typography.Text>
      ),
    },
    { title: t.template, dataIndex: 'templateName' },
    {
      title: t.discount,
      key: 'discount',
      render: (_, x) => (
        <Space direction="vertical" size={0}>
          <span>{describeDiscount(x.discount, x.currency, c)}</span>
          <Typography.Text type="secondary">{describeMinimum(x.minSpend, x.currency, c)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t.state,
      dataIndex: 'state',
      render: (_, x) => (
        <Space direction="vertical" size={0}>
          <Tag color={STATE_COLORS[x.state]} data-testid="member-coupon-state">
            {c.states[x.state]}
          </Tag>
          {x.voidReason && <Typography.Text type="secondary">{x.voidReason}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t.validity,
      key: 'validity',
      render: (_, x) => (
        <Space direction="vertical" size={0}>
          <DateTime value={x.validFrom} />
          <DateTime value={x.validUntil} />
        </Space>
      ),
    },
    { title: t.order, dataIndex: 'orderId', render: (v: string | null) => v ?? '—' },
    { title: t.source, key: 'source', render: (_, x) => <Tag>{t.couponSources[x.source.type]}</Tag> },
    { title: t.issuedAt, dataIndex: 'issuedAt', render: (v: string) => <DateTime value={v} /> },
  ];
  if (!onVoid) return cols;
  return [
    ...cols,
    {
      title: '',
      key: 'actions',
      fixed: 'right',
      render: (_, x) =>
        VOIDABLE.has(x.state) && (
          <Button size="small" danger onClick={() => onVoid(x)} aria-label={`${t.voidAction} ${x.code}`}>
            {t.voidAction}
          </Button>
        ),
    },
  ];
}

/** Every coupon issued to the member, by state; operators issue one, or void an unused one, with a reason. */
export function MemberCouponsTab({ memberId, version }: { memberId: string; version: number }) {
  const t = useMessages(memberLoyaltyMessages);
  const c = useMessages(couponsMessages);
  const canWrite = useHasRole('operator');
  const [state, setState] = useState<CouponState | undefined>(undefined);
  const [voiding, setVoiding] = useState<CouponView | null>(null);
  const [issuing, setIssuing] = useState(false);
  // version is a dependency on purpose: a new fetcher identity makes the list start over.
  const fetchPage = useMemo(() => memberCouponsFetcher(memberId, state), [memberId, state, version]);
  const list = useCursorList(fetchPage);
  const { replaceItem, reload } = list;
  const cols = useMemo(() => columns(t, c, canWrite ? setVoiding : undefined), [t, c, canWrite]);
  return (
    <div data-testid="member-coupons">
      <Typography.Paragraph type="secondary">{t.couponsIntro}</Typography.Paragraph>
      <CursorTable<CouponView>
        list={list}
        rowKey="id"
        size="small"
        columns={cols}
        errorTitle={t.couldNotLoadCoupons}
        emptyText={t.noCoupon}
        toolbar={
          <Space wrap>
            <Select<CouponState | typeof ALL>
              aria-label={t.stateFilter}
              style={{ width: 180 }}
              value={state ?? ALL}
              options={[
                { value: ALL, label: `${t.stateFilter}: ${t.all}` },
                ...COUPON_STATE_LIST.map((s) => ({ value: s, label: c.states[s] })),
              ]}
              onChange={(v) => setState(v === ALL ? undefined : v)}
            />
            {canWrite && <Button onClick={() => setIssuing(true)}>{c.issueOk}</Button>}
          </Space>
        }
      />
      {issuing && <IssueCouponModal memberId={memberId} open onClose={() => setIssuing(false)} onIssued={reload} />}
      {voiding && (
        <VoidCouponModal
          coupon={voiding}
          onClose={() => setVoiding(null)}
          onVoided={(after) => replaceItem((x) => x.id === after.id, after)}
        />
      )}
    </div>
  );
}
