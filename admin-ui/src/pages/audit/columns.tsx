import { FilterOutlined } from '@ant-design/icons';
import { Button, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DateTime } from '../../components/DateTime';
import type { AuditActor, AuditEntry, AuditFilter, AuditTarget } from './api';

const ACTOR_COLORS: Record<string, string> = {
  admin: 'blue',
  service: 'purple',
  system: 'default',
};

export function auditColumns(onFilter: (filter: AuditFilter) => void): TableColumnsType<AuditEntry> {
  return [
    {
      title: 'Time',
      dataIndex: 'at',
      width: 190,
      render: (v: string) => <DateTime value={v} />,
    },
    {
      title: 'Actor',
      dataIndex: 'actor',
      render: (a: AuditActor) => (
        <Tooltip title={a.id ?? undefined}>
          <Tag color={ACTOR_COLORS[a.type] ?? 'default'}>{a.type}</Tag>
          {a.label ?? a.id ?? '—'}
        </Tooltip>
      ),
    },
    {
      title: 'Action',
      dataIndex: 'action',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: 'Target',
      dataIndex: 'target',
      render: (t: AuditTarget) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text type="secondary">{t.type}</Typography.Text>
          {t.id && (
            <Typography.Text copyable={{ text: t.id }} style={{ marginLeft: 6 }}>
              {t.id}
            </Typography.Text>
          )}
          <Tooltip title="Show only this target">
            <Button
              type="text"
              size="small"
              aria-label="Filter by this target"
              icon={<FilterOutlined />}
              onClick={() => onFilter({ targetType: t.type, targetId: t.id ?? undefined })}
            />
          </Tooltip>
        </span>
      ),
    },
  ];
}
