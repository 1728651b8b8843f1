import { Tag } from 'antd';
import type { RuleStatus } from './api';

const COLORS: Record<RuleStatus, string> = { active: 'success', inactive: 'warning', archived: 'default' };
const LABELS: Record<RuleStatus, string> = { active: 'Active', inactive: 'Inactive', archived: 'Archived' };

export function RuleStatusTag({ status }: { status: RuleStatus }) {
  return <Tag color={COLORS[status]}>{LABELS[status]}</Tag>;
}
