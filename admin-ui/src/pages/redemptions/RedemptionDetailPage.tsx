import { useState } from 'react';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { DateTime } from '../../components/DateTime';
import { LoadingOrError } from '../../components/LoadingOrError';
import { PageHeader } from '../../components/PageHeader';
import { useLoaded } from '../../components/useLoaded';
import { useMessages } from '../../i18n/language';
import { MALL_WRITE_ROLE } from '../mall/api';
import type { FulfilmentStatus, RedemptionView } from '@laurel/shared';
import { describePrice } from '../mall/describe';
import { mallMessages } from '../mall/messages';
import { getRedemption, NEXT_FULFILMENT } from './api';
import { describeTotal } from './columns';
import { FulfilmentModal } from './FulfilmentModal';
import { redemptionsMessages } from './messages';
import { FulfilmentTag, RedemptionStateTag } from './RedemptionStateTag';
import { RedemptionSteps } from './RedemptionSteps';

/** `/redemptions/:id`: the saga's state and steps, what was given, and (physical items) the delivery. */
export function RedemptionDetailPage() {
  const t = useMessages(redemptionsMessages);
  const mall = useMessages(mallMessages);
  const { id = '' } = useParams();
  const loaded = useLoaded(id, getRedemption);
  const [shown, setShown] = useState<RedemptionView | null>(null);
  const canFulfil = useHasRole(MALL_WRITE_ROLE);
  const [moving, setMoving] = useState<FulfilmentStatus | null>(null);
  const back = (
    <Link to="/redemptions">
      <ArrowLeftOutlined /> {t.back}
    </Link>
  );
  // The answer of a fulfilment update is newer than what was loaded.
  const r = shown && shown.id === loaded.data?.id ? shown : loaded.data;
  if (!r) {
    return (
      <>
        {back}
        <LoadingOrError error={loaded.error} title={t.couldNotLoadOne} onRetry={loaded.reload} />
      </>
    );
  }
  const next = r.fulfilment && r.state === 'completed' ? NEXT_FULFILMENT[r.fulfilment.status] : [];
  return (
    <>
      {back}
      <PageHeader
        title={t.detailTitle(r.rewardName)}
        subtitle={<Typography.Text code>{r.id}</Typography.Text>}
        extra={<RedemptionStateTag state={r.state} />}
      />
      <Card title={t.saga} size="small" style={{ marginBottom: 16 }}>
        <RedemptionSteps state={r.state} />
        {r.failure && <Alert type="error" showIcon title={`${t.failure}: [${r.failure.code}] ${r.failure.message}`} />}
      </Card>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" data-testid="redemption-details">
          <Descriptions.Item label={t.member}>
            <Link to={`/members/${encodeURIComponent(r.memberId)}`}>
              <Typography.Text code>{r.memberId}</Typography.Text>
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t.reward}>
            <Link to={`/rewards/${encodeURIComponent(r.rewardId)}`}>{r.rewardName}</Link> <Tag>{mall.types[r.rewardType]}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t.quantity}>{r.quantity}</Descriptions.Item>
          <Descriptions.Item label={t.price}>{describePrice(r.pointsPrice, r.cash, mall)}</Descriptions.Item>
          <Descriptions.Item label={t.total}>{describeTotal(r, mall.pointsUnit)}</Descriptions.Item>
          <Descriptions.Item label={t.revocable}>{r.revocable ? t.yes : t.no}</Descriptions.Item>
          <Descriptions.Item label={t.created}>
            <DateTime value={r.createdAt} />
          </Descriptions.Item>
          <Descriptions.Item label={t.completed}>
            <DateTime value={r.completedAt} />
          </Descriptions.Item>
          {r.cancelledAt && (
            <Descriptions.Item label={t.cancelled}>
              <DateTime value={r.cancelledAt} />
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t.issued} span={3}>
            {r.issued.length === 0 ? (
              t.nothingIssued
            ) : (
              <Space wrap data-testid="redemption-issued">
                {r.issued.map((item) => (
                  <Tag key={`${item.kind}:${item.id}`}>
                    {t.issuedKinds[item.kind]}
                    {item.code ? `: ${item.code}` : ''}
                  </Tag>
                ))}
              </Space>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t.fulfilment}
        size="small"
        data-testid="redemption-fulfilment"
        extra={
          canFulfil &&
          next.length > 0 && (
            <Space>
              {next.map((s) => (
                <Button key={s} danger={s === 'cancelled'} type={s === 'cancelled' ? 'default' : 'primary'} onClick={() => setMoving(s)}>
                  {t.moveTo(t.fulfilments[s])}
                </Button>
              ))}
            </Space>
          )
        }
      >
        {r.fulfilment ? (
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t.status}>
              <FulfilmentTag status={r.fulfilment.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t.tracking}>
              <span data-testid="fulfilment-tracking">{r.fulfilment.trackingNumber ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t.note}>{r.fulfilment.note ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t.updated}>
              <DateTime value={r.fulfilment.updatedAt} />
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t.noFulfilment}</Typography.Text>
        )}
      </Card>
      {moving && <FulfilmentModal redemption={r} status={moving} open onClose={() => setMoving(null)} onUpdated={setShown} />}
    </>
  );
}
