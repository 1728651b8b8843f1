import { Card, Col, Form, InputNumber, Row, Select } from 'antd';
import type { TaskView, TierView } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { tasksMessages } from './messages';

export interface TaskAudienceFieldsProps {
  tiers: TierView[];
  /** Tasks that may be the prerequisite (the task itself left out). */
  tasks: TaskView[];
  loading: boolean;
}

/** Who sees the task (tiers), what must come first (a prerequisite task), and how often one member may complete it. */
export function TaskAudienceFields({ tiers, tasks, loading }: TaskAudienceFieldsProps) {
  const t = useMessages(tasksMessages);
  return (
    <Card title={t.audience} size="small" style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item name={['audience', 'tiers']} label={t.tiers} extra={t.tiersHelp}>
            <Select
              mode="multiple"
              allowClear
              loading={loading}
              placeholder={t.all}
              options={tiers.map((tier) => ({ value: tier.code, label: `${tier.name} (${tier.code})` }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="prerequisiteTaskId" label={t.prerequisite} extra={t.prerequisiteHelp}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={loading}
              placeholder={t.noPrerequisite}
              options={tasks.map((task) => ({ value: task.id, label: task.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="completionLimit" label={t.completionLimit} extra={t.completionLimitHelp}>
            <InputNumber<number> precision={0} min={1} max={100_000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
