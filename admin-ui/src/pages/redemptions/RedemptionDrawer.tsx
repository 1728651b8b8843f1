import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Space, Tag, Typography } from 'antd';
import type { FulfilmentStatus, RedemptionView } from '@laurel/shared';
import { Link } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { DateTime } from '../../components/DateTime';
import { useMessages } from '../../i18n/language';
import { MALL_WRITE_ROLE } from '../mall/api';
import { describePrice } from '../mall/describe';
import { mallMessages } from '../mall/messages';
import { NEXT_FULFILMENT } from './api';
import { describeTotal } from './columns';
import { FulfilmentModal } from './FulfilmentModal';
import { redemptionsMessages } from './messages';
import { FulfilmentTag, RedemptionStateTag } from './RedemptionStateTag';
import { RedemptionSteps } from './RedemptionSteps';

export interface RedemptionDrawerProps {
  /** The redemption shown; null closes the drawer. */
  redemption: RedemptionView | null;
  onClose: () => void;
  /** After a fulfilment update, with the redemption as the server answered it. */
  onChanged: (after: RedemptionView) => void;
}

/** One redemption: the saga's state and steps, what was given, and (physical items) the delivery with its next moves. */
export function RedemptionDrawer({ redemption: r, onClose, onChanged }: RedemptionDrawerProps) {
  const t = useMessages(redemptionsMessages);
  const mall = useMessages(mallMessages);
  const canFulfil = useHasRole(MALL_WRITE_ROLE);
  const [moving, setMoving] = useState<FulfilmentStatus | null>(null);
  const next = r?.fulfilment && r.state === 'completed' ? NEXT_FULFILMENT[r.fulfilment.status] : [];
  return (
    <Drawer
      open={r !== null}
      onClose={onClose}
      size={760}
      title={r ? t.detailTitle(r.rewardName) : ''}
      extra={r && <RedemptionStateTag state={r.state} />}
      destroyOnHidden
    >
      {r && (
        <div data-testid="redemption-drawer" data-state={r.state}>
          <Typography.Paragraph>
            <Typography.Text code copyable>
              {r.id}
            </Typography.Text>
          </Typography.Paragraph>
          <Card title={t.saga} size="small" style={{ marginBottom: 16 }}>
            <RedemptionSteps state={r.state} />
            {r.failure && <Alert type="error" showIcon title={`${t.failure}: [${r.failure.code}] ${r.failure.message}`} />}
          </Card>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions column={2} size="small" data-testid="redemption-details">
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
              <Descriptions.Item label={t.tiersChecked}>
                {r.tiers.length === 0 ? t.everyone : r.tiers.join(', ')} ({r.memberTier ?? t.noTier})
              </Descriptions.Item>
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
              <Descriptions.Item label={t.issued} span={2}>
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
                    <Button
                      key={s}
                      danger={s === 'cancelled'}
                      type={s === 'cancelled' ? 'default' : 'primary'}
                      onClick={() => setMoving(s)}
                    >
                      {t.moveTo(t.fulfilments[s])}
                    </Button>
                  ))}
                </Space>
              )
            }
          >
            {r.fulfilment ? (
              <Descriptions column={2} size="small">
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
          {moving && <FulfilmentModal redemption={r} status={moving} open onClose={() => setMoving(null)} onUpdated={onChanged} />}
        </div>
      )}
    </Drawer>
  );
}
