import type { ReactNode } from 'react';
import { Badge, Card, Flex, Typography } from 'antd';

export type TileState = 'ok' | 'bad' | 'neutral' | 'unknown';

const BADGE: Record<TileState, 'success' | 'error' | 'processing' | 'default'> = {
  ok: 'success',
  bad: 'error',
  neutral: 'processing',
  unknown: 'default',
};

export interface StatusTileProps {
  label: string;
  icon: ReactNode;
  value: ReactNode;
  state: TileState;
  hint?: ReactNode;
  loading?: boolean;
}

/** Small dashboard card: icon, label, status dot and value. */
export function StatusTile({ label, icon, value, state, hint, loading }: StatusTileProps) {
  return (
    <Card loading={loading} style={{ height: '100%' }}>
      <Flex vertical gap={6}>
        <Flex align="center" gap={8}>
          <Typography.Text type="secondary">{icon}</Typography.Text>
          <Typography.Text type="secondary">{label}</Typography.Text>
        </Flex>
        <Flex align="center" gap={8}>
          <Badge status={BADGE[state]} />
          <Typography.Text strong style={{ fontSize: 20 }}>
            {value}
          </Typography.Text>
        </Flex>
        {hint && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {hint}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}
