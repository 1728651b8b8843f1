import { useEffect, useState } from 'react';
import { Card, Descriptions, Tag, Typography } from 'antd';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { getMemberTier, type MemberTier } from './api';

/** Current tier, since when and until when; reloads when `version` changes (after an adjustment). */
export function TierCard({ memberId, version }: { memberId: string; version: number }) {
  const [data, setData] = useState<MemberTier | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

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

  return (
    <Card title="Tier" size="small" loading={loading && !data} data-testid="member-tier" style={{ height: '100%' }}>
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
          {data.next && (
            <Descriptions.Item label="Next">
              {data.next.name}: {data.next.needed.toLocaleString('en-US')} more
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Card>
  );
}
