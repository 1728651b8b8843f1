import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Form, InputNumber, Row, Typography } from 'antd';
import type { TaskKind, TaskMeasure } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { tasksMessages, type TasksTexts } from './messages';
import { RewardAmountsInputs } from './RewardAmountsInputs';

/** The API's most a target may be (counts and sums of minor units alike). */
const MAX_TASK_TARGET = Number.MAX_SAFE_INTEGER;

function MilestonesList({ t, readOnly }: { t: TasksTexts; readOnly: boolean }) {
  return (
    <Form.List name="milestones">
      {(fields, { add, remove }, { errors }) => (
        <div data-testid="task-milestones">
          <Typography.Paragraph type="secondary">{t.milestonesHelp}</Typography.Paragraph>
          {fields.map((field, index) => (
            <Flex key={field.key} gap={12} align="flex-start" wrap>
              <Form.Item
                name={[field.name, 'target']}
                label={index === 0 ? t.target : undefined}
                rules={[{ required: true, message: t.required }]}
                style={{ width: 160 }}
              >
                <InputNumber<number>
                  precision={0}
                  min={1}
                  max={MAX_TASK_TARGET}
                  aria-label={`${t.milestoneLabel(index + 1)} ${t.target}`}
                  style={{ width: '100%' }}
                />
              </Form.Item>
              <Form.Item label={index === 0 ? t.rewards : undefined}>
                <RewardAmountsInputs name={[field.name, 'rewards']} ariaLabel={t.milestoneLabel(index + 1)} />
              </Form.Item>
              {!readOnly && fields.length > 1 && (
                <Form.Item label={index === 0 ? ' ' : undefined}>
                  <Button icon={<DeleteOutlined />} aria-label={t.removeMilestone(index + 1)} onClick={() => remove(field.name)} />
                </Form.Item>
              )}
            </Flex>
          ))}
          <Form.ErrorList errors={errors} />
          {!readOnly && fields.length < 50 && (
            <Button icon={<PlusOutlined />} onClick={() => add({})}>
              {t.addMilestone}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}

/** A target and its rewards, or (milestones kind) a list of targets each with its rewards. */
export function TaskGoalFields({ readOnly }: { readOnly: boolean }) {
  const t = useMessages(tasksMessages);
  const kind = Form.useWatch<TaskKind | undefined>('kind');
  const measure = Form.useWatch<TaskMeasure | undefined>(['trigger', 'measure']) ?? 'count';
  return (
    <Card title={kind === 'milestones' ? t.milestones : t.goal} size="small" style={{ marginBottom: 16 }}>
      {kind === 'milestones' ? (
        <MilestonesList t={t} readOnly={readOnly} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="target" label={t.target} extra={t.targetHelp[measure]} rules={[{ required: true, message: t.required }]}>
              <InputNumber<number> precision={0} min={1} max={MAX_TASK_TARGET} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t.rewards} extra={t.rewardsHelp}>
              <RewardAmountsInputs name={['rewards']} ariaLabel={t.rewards} />
            </Form.Item>
          </Col>
        </Row>
      )}
    </Card>
  );
}
