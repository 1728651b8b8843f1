import { useState } from 'react';
import { RedoOutlined } from '@ant-design/icons';
import type { EventRecordState, EventRecordView } from '@laurel/shared';
import { App, Button, Space, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useIdempotencyKey } from '../../api/useIdempotencyKey';
import { DateTime } from '../../components/DateTime';
import { useNotifyError } from '../../components/useNotifyError';
import { retryEvent } from './api';
import type { memberEventsMessages } from './memberEventsMessages';

type Messages = (typeof memberEventsMessages)['en'];

const STATE_COLORS: Record<EventRecordState, string> = { received: 'orange', waiting: 'blue', failed: 'red', processed: 'green' };

/** Retries one event; the key is kept across retries of one click whose answer was lost. */
function RetryButton({ event, t, onRetried }: { event: EventRecordView; t: Messages; onRetried: (after: EventRecordView) => void }) {
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const idempotency = useIdempotencyKey();
  const [busy, setBusy] = useState(false);
  const retry = async () => {
    setBusy(true);
    try {
      const after = await retryEvent(event.id, idempotency.current());
      idempotency.settle();
      const text = t.retried[after.state];
      if (after.state === 'processed') void message.success(text);
      else void message.warning(text);
      onRetried(after);
    } catch (err) {
      idempotency.settle(err);
      notifyError(err, t.retryFailed);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" icon={<RedoOutlined />} loading={busy} onClick={() => void retry()} aria-label={t.retryOf(event.id)}>
      {t.retry}
    </Button>
  );
}

export function memberEventColumns(
  t: Messages,
  canRetry: boolean,
  onRetried: (after: EventRecordView) => void,
): TableColumnsType<EventRecordView> {
  const columns: TableColumnsType<EventRecordView> = [
    {
      title: t.event,
      key: 'event',
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <Tag>{e.type}</Tag>
          <Typography.Text code copyable={{ text: e.id }} style={{ fontSize: 12 }}>
            {e.id}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t.state,
      key: 'state',
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <Tooltip title={e.state === 'processed' ? undefined : t.stateHelp[e.state]}>
            <Tag color={STATE_COLORS[e.state]} data-testid="event-state">
              {t.states[e.state]}
            </Tag>
          </Tooltip>
          {e.waitingFor && <Typography.Text type="secondary">{t.waitingFor(e.waitingFor.orderId)}</Typography.Text>}
        </Space>
      ),
    },
    { title: t.attempts, dataIndex: 'attempts', align: 'right' },
    {
      title: t.lastError,
      dataIndex: 'lastError',
      render: (v: string | null) =>
        v ? (
          <Typography.Paragraph type="danger" ellipsis={{ rows: 2, tooltip: v }} style={{ maxWidth: 360, marginBottom: 0 }}>
            {v}
          </Typography.Paragraph>
        ) : (
          '—'
        ),
    },
    {
      title: t.nextAttempt,
      dataIndex: 'nextAttemptAt',
      render: (v: string | null) => (v ? <DateTime value={v} /> : <Typography.Text type="secondary">{t.notScheduled}</Typography.Text>),
    },
    { title: t.received, dataIndex: 'receivedAt', render: (v: string) => <DateTime value={v} /> },
  ];
  if (canRetry) {
    columns.push({ title: '', key: 'retry', render: (_, e) => <RetryButton event={e} t={t} onRetried={onRetried} /> });
  }
  return columns;
}
