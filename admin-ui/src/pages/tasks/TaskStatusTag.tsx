import { Tag } from 'antd';
import type { TaskStatus } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { tasksMessages } from './messages';

const COLORS: Record<TaskStatus, string> = { active: 'success', paused: 'warning', archived: 'default' };

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const t = useMessages(tasksMessages);
  return (
    <Tag color={COLORS[status]} data-testid="task-status">
      {t.statuses[status]}
    </Tag>
  );
}
