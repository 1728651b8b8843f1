import { Card, Col, DatePicker, Form, Row, Select } from 'antd';
import type { TaskKind } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { tasksMessages } from './messages';

/** The week start (weekly tasks) and the instants events count between (required for window tasks). */
export function TaskScheduleFields() {
  const t = useMessages(tasksMessages);
  const kind = Form.useWatch<TaskKind | undefined>('kind');
  const window = kind === 'window';
  const required = window ? [{ required: true, message: t.windowNeedsBoth }] : [];
  return (
    <Card title={t.schedule} size="small" style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        {kind === 'weekly' && (
          <Col xs={24} md={6}>
            <Form.Item name="weekStart" label={t.weekStart}>
              <Select options={t.weekdays.map((label, i) => ({ value: i + 1, label }))} />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={9}>
          <Form.Item name="startsAt" label={t.startsAt} extra={t.startsAtHelp} rules={required}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={9}>
          <Form.Item name="endsAt" label={t.endsAt} extra={t.endsAtHelp} rules={required}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
