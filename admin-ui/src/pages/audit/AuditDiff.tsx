import { Col, Row, Typography } from 'antd';
import { JsonView } from '../../components/JsonView';
import type { AuditEntry } from './api';

/** Expanded row: before / after snapshots side by side. */
export function AuditDiff({ entry }: { entry: AuditEntry }) {
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Typography.Text type="secondary">Before</Typography.Text>
        <JsonView value={entry.before ?? null} />
      </Col>
      <Col xs={24} md={12}>
        <Typography.Text type="secondary">After</Typography.Text>
        <JsonView value={entry.after ?? null} />
      </Col>
    </Row>
  );
}
