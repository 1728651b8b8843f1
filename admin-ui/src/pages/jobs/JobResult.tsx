import { Tag, Tooltip, Typography } from 'antd';

const GOOD = new Set(['ok', 'success', 'succeeded', 'completed', 'done']);
const BAD = new Set(['error', 'failed', 'failure', 'timeout']);

/** The job outcome, whether the server sends a string or `{ outcome | status, ... }`. */
export function outcomeOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'success' : 'failure';
  if (typeof value === 'object' && value !== null) {
    const v = value as { outcome?: unknown; status?: unknown };
    const s = v.outcome ?? v.status;
    return typeof s === 'string' ? s : null;
  }
  return null;
}

export function isFailure(value: unknown): boolean {
  return BAD.has(outcomeOf(value)?.toLowerCase() ?? '');
}

function summary(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { durationMs?: unknown; error?: unknown };
  const parts: string[] = [];
  if (typeof v.durationMs === 'number') parts.push(`${v.durationMs} ms`);
  if (typeof v.error === 'string' && v.error) parts.push(v.error);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** Renders a job's `lastResult` (outcome tag, details in a tooltip). */
export function JobResult({ value }: { value: unknown }) {
  if (value === null || value === undefined) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  const outcome = outcomeOf(value);
  const key = outcome?.toLowerCase() ?? '';
  const color = GOOD.has(key) ? 'success' : BAD.has(key) ? 'error' : 'default';
  const detail = typeof value === 'object' ? JSON.stringify(value, null, 2) : undefined;
  const extra = summary(value);
  return (
    <Tooltip title={detail && <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{detail}</pre>}>
      <Tag color={color}>{outcome ?? 'details'}</Tag>
      {extra && (
        <Typography.Text type={color === 'error' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
          {extra}
        </Typography.Text>
      )}
    </Tooltip>
  );
}
