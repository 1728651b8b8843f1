import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, InputNumber, Select, Typography } from 'antd';
import type { CheckInMilestoneKind } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { RewardAmountsInputs } from '../tasks/RewardAmountsInputs';
import { checkInMessages } from './messages';

const KINDS: CheckInMilestoneKind[] = ['streak', 'monthly_total'];

/** Bonuses for a streak of N days or N check-ins in a month; rows may be added and removed. */
export function MilestonesList({ readOnly }: { readOnly: boolean }) {
  const t = useMessages(checkInMessages);
  return (
    <Card title={t.milestones} size="small" style={{ marginBottom: 16 }} data-testid="check-in-milestones">
      <Typography.Paragraph type="secondary">{t.milestonesHelp}</Typography.Paragraph>
      <Form.List name="milestones">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.length === 0 && <Typography.Paragraph type="secondary">{t.noMilestones}</Typography.Paragraph>}
            {fields.map((field, index) => (
              <Flex key={field.key} gap={12} align="flex-start" wrap>
                <Form.Item
                  name={[field.name, 'kind']}
                  label={index === 0 ? t.kind : undefined}
                  rules={[{ required: true, message: t.required }]}
                >
                  <Select
                    aria-label={`${t.milestoneN(index + 1)} ${t.kind}`}
                    style={{ width: 160 }}
                    options={KINDS.map((k) => ({ value: k, label: t.kinds[k] }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'days']}
                  label={index === 0 ? t.days : undefined}
                  rules={[{ required: true, message: t.required }]}
                >
                  <InputNumber<number>
                    precision={0}
                    min={1}
                    max={3660}
                    aria-label={`${t.milestoneN(index + 1)} ${t.days}`}
                    style={{ width: 120 }}
                  />
                </Form.Item>
                <Form.Item label={index === 0 ? t.rewards : undefined}>
                  <RewardAmountsInputs name={[field.name, 'rewards']} ariaLabel={t.milestoneN(index + 1)} />
                </Form.Item>
                {!readOnly && (
                  <Form.Item label={index === 0 ? ' ' : undefined}>
                    <Button icon={<DeleteOutlined />} aria-label={t.removeMilestone(index + 1)} onClick={() => remove(field.name)} />
                  </Form.Item>
                )}
              </Flex>
            ))}
            <Form.ErrorList errors={errors} />
            {!readOnly && fields.length < 50 && (
              <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'streak' })}>
                {t.addMilestone}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </Card>
  );
}
