import { useState } from 'react';
import { ArrowLeftOutlined, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Col, Flex, Row, Space, Spin, Tabs } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useMessages } from '../../i18n/language';
import { AdjustBalanceModal } from './AdjustBalanceModal';
import { HoldsTable } from './HoldsTable';
import { LedgerTable } from './LedgerTable';
import { LotsTable } from './LotsTable';
import { MemberCheckInsCalendar } from './MemberCheckInsCalendar';
import { memberCheckInsMessages } from './memberCheckInsMessages';
import { MemberAuditTable } from './MemberAuditTable';
import { MemberBenefitsTab } from './MemberBenefitsTab';
import { MemberCouponsTab } from './MemberCouponsTab';
import { memberLoyaltyMessages } from './memberLoyaltyMessages';
import { MemberRedemptionsTab } from './MemberRedemptionsTab';
import { MemberEventsCard } from './MemberEventsCard';
import { MemberTasksTab } from './MemberTasksTab';
import { memberTasksMessages } from './memberTasksMessages';
import { ProfileCard } from './ProfileCard';
import { TierCard } from './TierCard';
import { TierHistoryTable } from './TierHistoryTable';
import { useMemberDetail } from './useMemberDetail';
import { WalletCard } from './WalletCard';

export function MemberDetailPage() {
  const { id = '' } = useParams();
  const detail = useMemberDetail(id);
  const canAdjust = useHasRole('operator');
  const tasksTab = useMessages(memberTasksMessages).tab;
  const checkInsTab = useMessages(memberCheckInsMessages).tab;
  const loyalty = useMessages(memberLoyaltyMessages);
  const [adjusting, setAdjusting] = useState(false);
  // Bumped after a change so the tier card and the lists start over.
  const [version, setVersion] = useState(0);
  const refresh = () => {
    detail.reload();
    setVersion((v) => v + 1);
  };

  const { data } = detail;
  const back = (
    <Link to="/members">
      <ArrowLeftOutlined /> Members
    </Link>
  );
  if (!data) {
    return (
      <>
        {back}
        {detail.error ? (
          <ApiErrorAlert error={detail.error} title="Could not load the member" onRetry={detail.reload} />
        ) : (
          <Flex justify="center" style={{ padding: 64 }}>
            <Spin />
          </Flex>
        )}
      </>
    );
  }

  const { member, wallets } = data;
  const holds = wallets.reduce((n, w) => n + w.holds.length, 0);
  return (
    <>
      {back}
      <PageHeader
        title={member.profile?.name ?? member.externalId}
        subtitle={`Member ${member.externalId}`}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={refresh} loading={detail.loading}>
              Refresh
            </Button>
            {canAdjust && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setAdjusting(true)}>
                Adjust balance
              </Button>
            )}
          </Space>
        }
      />
      {detail.error && <ApiErrorAlert error={detail.error} title="Could not refresh the member" onRetry={detail.reload} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={8}>
          <ProfileCard member={member} />
        </Col>
        {wallets.map((w) => (
          <Col key={w.currency} xs={24} md={12} xl={8}>
            <WalletCard wallet={w} />
          </Col>
        ))}
        <Col xs={24} md={12} xl={8}>
          <TierCard memberId={member.id} version={version} onChanged={refresh} />
        </Col>
      </Row>
      <MemberEventsCard memberId={member.id} version={version} onChanged={refresh} />
      <Tabs
        items={[
          { key: 'ledger', label: 'Ledger', children: <LedgerTable memberId={member.id} version={version} /> },
          { key: 'lots', label: 'Lots', children: <LotsTable wallets={wallets} /> },
          { key: 'holds', label: `Open holds (${holds})`, children: <HoldsTable wallets={wallets} /> },
          { key: 'tiers', label: 'Tier history', children: <TierHistoryTable memberId={member.id} version={version} /> },
          { key: 'tasks', label: tasksTab, children: <MemberTasksTab memberId={member.id} version={version} /> },
          { key: 'check-ins', label: checkInsTab, children: <MemberCheckInsCalendar memberId={member.id} version={version} /> },
          { key: 'benefits', label: loyalty.benefitsTab, children: <MemberBenefitsTab memberId={member.id} version={version} /> },
          { key: 'coupons', label: loyalty.couponsTab, children: <MemberCouponsTab memberId={member.id} version={version} /> },
          { key: 'redemptions', label: loyalty.redemptionsTab, children: <MemberRedemptionsTab memberId={member.id} version={version} /> },
          { key: 'audit', label: 'Audit', children: <MemberAuditTable memberId={member.id} version={version} /> },
        ]}
      />
      {canAdjust && <AdjustBalanceModal memberId={member.id} open={adjusting} onClose={() => setAdjusting(false)} onAdjusted={refresh} />}
    </>
  );
}
