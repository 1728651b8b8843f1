import { Card, Table, Tag, Typography } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import type { Readiness } from './api';

interface CheckRow {
  name: string;
  status: string | null;
  detail: unknown;
}

const OK = new Set(['up', 'ok', 'ready', 'pass', 'healthy', 'true']);
const NEUTRAL = new Set(['disabled', 'skipped', 'n/a']);

function checkColor(status: string): string {
  const s = status.toLowerCase();
  if (OK.has(s)) return 'success';
  return NEUTRAL.has(s) ? 'default' : 'error';
}

function toRow(name: string, value: unknown): CheckRow {
  if (typeof value === 'string' || typeof value === 'boolean') return { name, status: String(value), detail: null };
  if (typeof value === 'object' && value !== null && 'status' in value) {
    const { status, ...rest } = value as { status: unknown } & Record<string, unknown>;
    return {
      name,
      status: String(status),
      detail: Object.keys(rest).length > 0 ? rest : null,
    };
  }
  return { name, status: null, detail: value };
}

const columns: ColumnsType<CheckRow> = [
  {
    title: 'Check',
    dataIndex: 'name',
    render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
  },
  {
    title: 'Status',
    dataIndex: 'status',
    render: (v: string | null) => (v === null ? '—' : <Tag color={checkColor(v)}>{v}</Tag>),
  },
  {
    title: 'Detail',
    dataIndex: 'detail',
    render: (v: unknown) => (v === null || v === undefined ? '—' : <Typography.Text type="secondary">{JSON.stringify(v)}</Typography.Text>),
  },
];

export function ReadinessCard({ readiness, error }: { readiness: Readiness | null; error: unknown }) {
  const rows = readiness ? Object.entries(readiness.checks).map(([k, v]) => toRow(k, v)) : [];
  return (
    <Card
      title="Readiness checks"
      extra={readiness && <Typography.Text type="secondary">GET /readyz → HTTP {readiness.httpStatus}</Typography.Text>}
    >
      {error !== null && error !== undefined && <ApiErrorAlert error={error} title="Readiness probe failed" />}
      <Table<CheckRow> size="small" rowKey="name" columns={columns} dataSource={rows} pagination={false} />
    </Card>
  );
}
