import { Segmented, Select, Space } from 'antd';
import type { TaskKind, TaskStatus } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { TASK_KIND_LIST, TASK_STATUS_LIST, type TaskFilter } from './api';
import { tasksMessages } from './messages';

const ALL = 'all';

export function TaskFilters({ value, onChange }: { value: TaskFilter; onChange: (next: TaskFilter) => void }) {
  const t = useMessages(tasksMessages);
  return (
    <Space wrap>
      <Segmented<TaskStatus | typeof ALL>
        aria-label={t.statusFilter}
        options={[{ value: ALL, label: t.all }, ...TASK_STATUS_LIST.map((s) => ({ value: s, label: t.statuses[s] }))]}
        value={value.status ?? ALL}
        onChange={(v) => onChange({ ...value, status: v === ALL ? undefined : v })}
      />
      <Select<TaskKind | typeof ALL>
        aria-label={t.kindFilter}
        style={{ width: 160 }}
        value={value.kind ?? ALL}
        options={[{ value: ALL, label: t.allKinds }, ...TASK_KIND_LIST.map((k) => ({ value: k, label: t.kinds[k] }))]}
        onChange={(v) => onChange({ ...value, kind: v === ALL ? undefined : v })}
      />
    </Space>
  );
}
