import { useEffect, useState } from 'react';
import { Button, Input, Space } from 'antd';
import type { AuditFilter } from './api';

export interface AuditFiltersProps {
  value: AuditFilter;
  onChange: (filter: AuditFilter) => void;
}

const clean = (s: string) => s.trim() || undefined;

/** Target type / target id filter bar for the audit log. */
export function AuditFilters({ value, onChange }: AuditFiltersProps) {
  const [type, setType] = useState(value.targetType ?? '');
  const [id, setId] = useState(value.targetId ?? '');
  useEffect(() => {
    setType(value.targetType ?? '');
    setId(value.targetId ?? '');
  }, [value]);

  const apply = () => onChange({ targetType: clean(type), targetId: clean(id) });
  const active = Boolean(value.targetType || value.targetId);

  return (
    <Space wrap>
      <Input
        placeholder="Target type, e.g. admin-user"
        value={type}
        onChange={(e) => setType(e.target.value)}
        onPressEnter={apply}
        allowClear
        style={{ width: 240 }}
      />
      <Input
        placeholder="Target id"
        value={id}
        onChange={(e) => setId(e.target.value)}
        onPressEnter={apply}
        allowClear
        style={{ width: 260 }}
      />
      <Button type="primary" onClick={apply}>
        Filter
      </Button>
      {active && <Button onClick={() => onChange({})}>Clear</Button>}
    </Space>
  );
}
