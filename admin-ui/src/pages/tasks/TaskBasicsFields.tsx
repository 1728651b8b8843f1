import { Card, Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import type { TaskKind } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { TASK_KIND_LIST } from './api';
import { tasksMessages } from './messages';

/** Name, description, kind (fixed once created), display order; `active` only when creating. */
export function TaskBasicsFields({ creating }: { creating: boolean }) {
  const t = useMessages(tasksMessages);
  const kind = Form.useWatch<TaskKind | undefined>('kind');
  return (
    <Card title={t.basics} size="small" style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t.name} rules={[{ required: true, whitespace: true, message: t.required }, { max: 100 }]}>
            <Input placeholder={t.namePlaceholder} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="kind"
            label={t.kind}
            rules={[{ required: true, message: t.required }]}
            extra={creating ? (kind ? t.kindHelp[kind] : undefined) : t.kindFixed}
          >
            <Select disabled={!creating} options={TASK_KIND_LIST.map((k) => ({ value: k, label: t.kinds[k] }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t.description} extra={t.descriptionHelp} rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item name="displayOrder" label={t.displayOrder} extra={t.displayOrderHelp}>
            <InputNumber<number> precision={0} min={-1_000_000} max={1_000_000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        {creating && (
          <Col xs={12} md={6}>
            <Form.Item name="active" label={t.active} valuePropName="checked" extra={t.activeHelp}>
              <Switch />
            </Form.Item>
          </Col>
        )}
      </Row>
    </Card>
  );
}
