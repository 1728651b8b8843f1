import { Tooltip, Typography } from 'antd';
import { formatDateTime, formatRelative } from '../lib/format';

/** Local date-time with the raw ISO value (and relative time) in a tooltip. */
export function DateTime({ value, relative = false }: { value: string | null | undefined; relative?: boolean }) {
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  const text = formatDateTime(value);
  const rel = formatRelative(value);
  return (
    <Tooltip title={`${value}${rel ? ` (${rel})` : ''}`}>
      <span style={{ whiteSpace: 'nowrap' }}>{relative && rel ? rel : text}</span>
    </Tooltip>
  );
}
