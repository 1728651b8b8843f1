import { AutoComplete, Card, Col, Form, Input, Radio, Row } from 'antd';
import type { TaskMeasure } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { EVENT_TYPE_PATTERN, KNOWN_EVENT_TYPES } from '../earning-rules/api';
import { tasksMessages } from './messages';

const eventTypeOptions = KNOWN_EVENT_TYPES.map((type) => ({ value: type }));
const ATTRIBUTE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MEASURES: TaskMeasure[] = ['count', 'sum'];

/** The event that makes progress, and whether it counts once or adds an attribute (its conditions follow). */
export function TaskTriggerFields() {
  const t = useMessages(tasksMessages);
  const measure = Form.useWatch<TaskMeasure | undefined>(['trigger', 'measure']);
  return (
    <Card title={t.trigger} size="small" style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name={['trigger', 'eventType']}
            label={t.eventType}
            extra={t.eventTypeHelp}
            rules={[
              { required: true, message: t.required },
              { pattern: EVENT_TYPE_PATTERN, message: t.eventTypePattern },
            ]}
          >
            <AutoComplete options={eventTypeOptions} placeholder="order.paid" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={['trigger', 'measure']} label={t.measure} rules={[{ required: true, message: t.required }]}>
            <Radio.Group optionType="button" options={MEASURES.map((m) => ({ value: m, label: t.measures[m] }))} />
          </Form.Item>
        </Col>
        {measure === 'sum' && (
          <Col xs={24} md={8}>
            <Form.Item
              name={['trigger', 'attribute']}
              label={t.attribute}
              extra={t.attributeHelp}
              rules={[{ pattern: ATTRIBUTE_PATTERN, message: t.attributePattern }]}
            >
              <Input placeholder="amount" />
            </Form.Item>
          </Col>
        )}
      </Row>
    </Card>
  );
}
