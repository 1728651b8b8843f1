import { Tag } from 'antd';
import { defineMessages, useMessages } from '../i18n/language';
import type { DefinitionStatus } from './DefinitionStatusActions';

const COLORS: Record<DefinitionStatus, string> = { active: 'success', paused: 'warning', archived: 'default' };

export const definitionStatusMessages = defineMessages<Record<DefinitionStatus, string>>({
  en: { active: 'Active', paused: 'Paused', archived: 'Archived' },
  zh: { active: '启用', paused: '已暂停', archived: '已归档' },
});

/** The status of a definition (coupon template, reward, benefit). */
export function DefinitionStatusTag({ status, testId }: { status: DefinitionStatus; testId?: string }) {
  const t = useMessages(definitionStatusMessages);
  return (
    <Tag color={COLORS[status]} data-testid={testId}>
      {t[status]}
    </Tag>
  );
}
