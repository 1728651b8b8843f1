import { Input, Segmented, Space } from 'antd';
import { RULE_STATUSES, type RuleFilter, type RuleStatus } from './api';

const ALL = 'all';
const options = [{ value: ALL, label: 'All' }, ...RULE_STATUSES.map((s) => ({ value: s, label: s[0]?.toUpperCase() + s.slice(1) }))];

export function RuleFilters({ value, onChange }: { value: RuleFilter; onChange: (next: RuleFilter) => void }) {
  return (
    <Space wrap>
      <Segmented
        aria-label="Status filter"
        options={options}
        value={value.status ?? ALL}
        onChange={(v) => onChange({ ...value, status: v === ALL ? undefined : (v as RuleStatus) })}
      />
      <Input.Search
        allowClear
        placeholder="Event type, e.g. order.paid"
        style={{ width: 280 }}
        onSearch={(v) => onChange({ ...value, eventType: v.trim() || undefined })}
      />
    </Space>
  );
}
