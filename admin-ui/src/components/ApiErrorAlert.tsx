import { Alert, Button, Space, Tag, Typography } from 'antd';
import { asApiError } from '../api/errors';
import { JsonView } from './JsonView';

export interface ApiErrorAlertProps {
  error: unknown;
  /** Short context, e.g. "Could not load operators". */
  title?: string;
  onRetry?: () => void;
  onClose?: () => void;
}

/** Inline error panel that always shows the API error code and HTTP status. */
export function ApiErrorAlert({ error, title, onRetry, onClose }: ApiErrorAlertProps) {
  const err = asApiError(error);
  const hasDetails = err.details !== undefined && err.details !== null;
  return (
    <Alert
      type="error"
      showIcon
      title={
        <Space size={8} wrap>
          <span>{title ?? 'Request failed'}</span>
          <Tag color="red" variant="outlined" style={{ fontFamily: 'monospace' }}>
            {err.code}
          </Tag>
          {err.status > 0 && <Typography.Text type="secondary">HTTP {err.status}</Typography.Text>}
        </Space>
      }
      description={
        <>
          <div>{err.message}</div>
          {hasDetails && (
            <details style={{ marginTop: 8 }}>
              <summary style={{ cursor: 'pointer' }}>Details</summary>
              <JsonView value={err.details} />
            </details>
          )}
        </>
      }
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            Retry
          </Button>
        )
      }
      closable={onClose ? { onClose } : false}
      style={{ marginBottom: 16 }}
    />
  );
}
