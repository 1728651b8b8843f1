import { Card, Form, InputNumber, Table, Typography } from 'antd';
import type { RewardType } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { CouponAndBenefitInputs } from '../tasks/RewardAmountsInputs';
import { cycleLengthOf } from './formValues';
import { checkInMessages } from './messages';

const MAX_REWARD = 1_000_000_000;

/** One row per day of the cycle (as long as the cycle length typed), with a points and a growth input, and coupons and benefits to add. */
export function DayRewardsTable() {
  const t = useMessages(checkInMessages);
  const cycleDays = cycleLengthOf(Form.useWatch<number | null | undefined>('cycleDays'));
  const rows = Array.from({ length: cycleDays }, (_, i) => ({ day: i + 1 }));
  const input = (type: RewardType, label: string) => (_: unknown, row: { day: number }) => (
    <Form.Item name={['days', row.day - 1, type]} style={{ marginBottom: 0 }}>
      <InputNumber<number> precision={0} min={1} max={MAX_REWARD} aria-label={`${t.dayN(row.day)} ${label}`} style={{ width: 160 }} />
    </Form.Item>
  );
  return (
    <Card title={t.dayRewards} size="small" style={{ marginBottom: 16 }} data-testid="day-rewards">
      <Typography.Paragraph type="secondary">{t.dayRewardsHelp}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="day"
        dataSource={rows}
        pagination={cycleDays > 31 ? { pageSize: 31, showSizeChanger: false } : false}
        columns={[
          { title: t.day, dataIndex: 'day', width: 120, render: (day: number) => t.dayN(day) },
          { title: t.points, key: 'points', width: 200, render: input('points', t.points) },
          { title: t.growth, key: 'growth', width: 200, render: input('growth', t.growth) },
          {
            title: t.couponsAndBenefits,
            key: 'more',
            render: (_: unknown, row: { day: number }) => (
              <Form.Item style={{ marginBottom: 0 }}>
                <CouponAndBenefitInputs name={['days', row.day - 1]} ariaLabel={t.dayN(row.day)} />
              </Form.Item>
            ),
          },
        ]}
      />
    </Card>
  );
}
