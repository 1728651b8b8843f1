import { useMemo } from 'react';
import { Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { useLoaded } from '../../components/useLoaded';
import { useMessages } from '../../i18n/language';
import { getMemberBenefits } from '../benefits/api';
import type { BenefitGrantView, BenefitUseView, EntitlementView } from '@laurel/shared';
import { describeValue } from '../benefits/describe';
import { benefitsMessages, type BenefitsTexts } from '../benefits/messages';
import { rewardMessages } from '../tasks/rewards';
import { memberLoyaltyMessages, type MemberLoyaltyTexts } from './memberLoyaltyMessages';

type RewardTexts = (typeof rewardMessages)['en'];

function entitlementColumns(t: MemberLoyaltyTexts, b: BenefitsTexts, r: RewardTexts): TableColumnsType<EntitlementView> {
  return [
    {
      title: t.benefit,
      key: 'benefit',
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <Space size={6}>
            <Typography.Text strong>{e.name}</Typography.Text>
            <Tag>{b.types[e.type]}</Tag>
          </Space>
          <Typography.Text type="secondary" code>
            {e.benefitCode}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t.value, key: 'value', render: (_, e) => describeValue(e.value, b, r) },
    {
      title: t.remaining,
      key: 'remaining',
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong data-testid="entitlement-remaining">
            {e.remaining === null ? t.unlimited : e.remaining}
          </Typography.Text>
          {e.pools.map((p) => (
            <Typography.Text key={p.id} type="secondary">
              {b.periods[p.period]} <Typography.Text code>{p.periodKey}</Typography.Text> {t.pool(p.used, p.limit)}
            </Typography.Text>
          ))}
        </Space>
      ),
    },
    { title: t.resets, key: 'resets', render: (_, e) => (e.resetsAt ? <DateTime value={e.resetsAt} /> : t.never) },
    {
      title: t.sources,
      key: 'sources',
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          {e.sources.map((s) => (
            <span key={`${s.type}:${s.ref}`}>
              {s.type === 'grant' ? t.grantSource : b.sourceTypes[s.type]} <Typography.Text code>{s.code}</Typography.Text>{' '}
              <Typography.Text type="secondary">({b.stacking[s.stacking]})</Typography.Text>
              {s.validUntil && (
                <Typography.Text type="secondary">
                  {' '}
                  {t.validUntil} <DateTime value={s.validUntil} />
                </Typography.Text>
              )}
            </span>
          ))}
        </Space>
      ),
    },
  ];
}

function grantColumns(t: MemberLoyaltyTexts): TableColumnsType<BenefitGrantView> {
  return [
    { title: t.benefit, dataIndex: 'benefitCode', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t.granted, dataIndex: 'count', align: 'right' },
    { title: t.used, dataIndex: 'used', align: 'right' },
    { title: t.validity, key: 'valid', render: (_, g) => <DateTime value={g.validUntil} /> },
    { title: t.source, key: 'source', render: (_, g) => `${g.source.type}:${g.source.id}` },
    {
      title: t.state,
      dataIndex: 'state',
      render: (_, g) => <Tag color={g.state === 'active' ? 'success' : 'default'}>{t.grantStates[g.state]}</Tag>,
    },
  ];
}

function useColumns(t: MemberLoyaltyTexts): TableColumnsType<BenefitUseView> {
  return [
    { title: t.benefit, dataIndex: 'benefitCode', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t.keyOrOrder, key: 'key', render: (_, u) => u.orderId ?? u.key ?? '—' },
    { title: t.count, dataIndex: 'count', align: 'right' },
    { title: t.state, dataIndex: 'state', render: (v: string) => <Tag>{v}</Tag> },
    { title: t.when, key: 'when', render: (_, u) => <DateTime value={u.usedAt ?? u.createdAt} /> },
  ];
}

/** The member's entitlements (value, remaining quota, reset, sources), grants and recent uses, for support. */
export function MemberBenefitsTab({ memberId, version }: { memberId: string; version: number }) {
  const t = useMessages(memberLoyaltyMessages);
  const b = useMessages(benefitsMessages);
  const r = useMessages(rewardMessages);
  const { data, loading, error, reload } = useLoaded(memberId, getMemberBenefits, version);
  const entitlements = useMemo(() => entitlementColumns(t, b, r), [t, b, r]);
  const grants = useMemo(() => grantColumns(t), [t]);
  const uses = useMemo(() => useColumns(t), [t]);
  return (
    <div data-testid="member-benefits">
      <Typography.Paragraph type="secondary">{t.benefitsIntro}</Typography.Paragraph>
      {error ? <ApiErrorAlert error={error} title={t.couldNotLoadBenefits} onRetry={reload} /> : null}
      <Table<EntitlementView>
        size="small"
        rowKey="benefitCode"
        loading={loading}
        dataSource={data?.entitlements ?? []}
        columns={entitlements}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t.noEntitlement }}
      />
      {data && data.grants.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t.grants}
          </Typography.Title>
          <Table<BenefitGrantView>
            size="small"
            rowKey="id"
            dataSource={data.grants}
            columns={grants}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        </>
      )}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t.recentUses}
      </Typography.Title>
      <Table<BenefitUseView>
        size="small"
        rowKey="id"
        dataSource={data?.recentUses ?? []}
        columns={uses}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t.noUse }}
      />
    </div>
  );
}
