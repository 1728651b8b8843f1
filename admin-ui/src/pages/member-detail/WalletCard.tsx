import { Card, Col, Descriptions, Row, Statistic, Typography } from 'antd';
import { DateTime } from '../../components/DateTime';
import type { Currency, Wallet } from './api';

export const CURRENCY_LABELS: Record<Currency, string> = { points: 'Points', growth: 'Growth' };

const n = (v: number) => v.toLocaleString('en-US');

/** Balances and lifetime totals of one wallet; debt only when there is some. */
export function WalletCard({ wallet }: { wallet: Wallet }) {
  const label = CURRENCY_LABELS[wallet.currency];
  return (
    <Card title={label} size="small" data-testid={`wallet-${wallet.currency}`} style={{ height: '100%' }}>
      <Row gutter={16}>
        <Col span={wallet.debt > 0 ? 8 : 12}>
          <Statistic title="Available" value={wallet.available} data-testid={`${wallet.currency}-available`} />
        </Col>
        <Col span={wallet.debt > 0 ? 8 : 12}>
          <Statistic title="Pending" value={wallet.pending} />
        </Col>
        {wallet.debt > 0 && (
          <Col span={8}>
            <Statistic title="Debt" value={wallet.debt} styles={{ content: { color: '#cf1322' } }} />
          </Col>
        )}
      </Row>
      <Descriptions column={2} size="small" style={{ marginTop: 12 }}>
        <Descriptions.Item label="Earned">{n(wallet.lifetime.earned)}</Descriptions.Item>
        <Descriptions.Item label="Spent">{n(wallet.lifetime.spent)}</Descriptions.Item>
        <Descriptions.Item label="Expired">{n(wallet.lifetime.expired)}</Descriptions.Item>
        <Descriptions.Item label="Adjusted">{n(wallet.lifetime.adjusted)}</Descriptions.Item>
        <Descriptions.Item label="Reversed">{n(wallet.lifetime.reversed)}</Descriptions.Item>
        <Descriptions.Item label="Held">{n(wallet.held)}</Descriptions.Item>
        <Descriptions.Item label="Next expiry">
          <DateTime value={wallet.nextExpiryAt} />
        </Descriptions.Item>
        <Descriptions.Item label="Version">
          <Typography.Text type="secondary">{wallet.version}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
