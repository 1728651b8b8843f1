import type { CSSProperties } from 'react';

const style: CSSProperties = {
  margin: 0,
  padding: '8px 12px',
  maxHeight: 360,
  overflow: 'auto',
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  fontSize: 12,
  lineHeight: 1.5,
  background: 'rgba(0, 0, 0, 0.03)',
  border: '1px solid rgba(5, 5, 5, 0.06)',
  borderRadius: 6,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-word',
};

function stringify(value: unknown): string {
  if (value === undefined) return '—';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Pretty-printed JSON block. */
export function JsonView({ value }: { value: unknown }) {
  return <pre style={style}>{stringify(value)}</pre>;
}
