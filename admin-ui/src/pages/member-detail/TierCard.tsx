import { useEffect, useState } from 'react';
import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Tag, Typography } from 'antd';
import { useHasRole } from '../../auth/useSession';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { getMemberTier, type MemberTier } from './api';
import { SetTierModal } from './SetTierModal';

export interface TierCardProps {
  memberId: string;
  /** Changes reload the card (after an adjustment or a tier change). */
  version: number;
  /** After the tier was set by hand. */
  onChanged: () => void;
}

/** Current tier, since when and until when; operators and admins may set it by hand. */
export function TierCard({ memberId, version, onChanged }: TierCardProps) {
  // The server lets operators and admins set a member's tier.
  const canSet = useHasRole('operator');
  const [data, setData] = useState<MemberTier | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [setting, setSetting] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    getMemberTier(memberId, controller.signal)
      .then(setData)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [memberId, version]);

  const setButton = canSet && data && (
    <Button size="small" icon={<EditOutlined />} onClick={() => setSetting(true)} data-testid="set-tier">
      Set tier
    </Button>
  );
  return (
    <Card title="Tier" size="small" extra={setButton} loading={loading && !data} data-testid="member-tier" style={{ height: '100%' }}>
      {error ? <ApiErrorAlert error={error} title="Could not load the tier" /> : null}
      {data && (
        <Descriptions column={1} size="small">
          <Descriptions.Item label="Current tier">
            {data.tier ? (
              <span data-testid="member-tier-current">
                <Tag color="gold">{data.tier}</Tag>
                {data.name}
              </span>
            ) : (
              <Typography.Text type="secondary">No tier</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="Since">
            <DateTime value={data.since} />
          </Descriptions.Item>
          <Descriptions.Item label="Valid until">
            {data.tier && !data.validUntil ? (
              <Typography.Text type="secondary">for good</Typography.Text>
            ) : (
              <DateTime value={data.validUntil} />
            )}
          </Descriptions.Item>
          {!data.autoUpgrade && (
            <Descriptions.Item label="Automatic upgrades">
              <Typography.Text type="warning">off (set by an operator)</Typography.Text>
            </Descriptions.Item>
          )}
          {data.next && (
            <Descriptions.Item label="Next">
              {data.next.name}: {data.next.needed.toLocaleString('en-US')} more
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {canSet && data && (
        <SetTierModal memberId={memberId} ladder={data.ladder} open={setting} onClose={() => setSetting(false)} onSaved={onChanged} />
      )}
    </Card>
  );
}
