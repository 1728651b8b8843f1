import { useState } from 'react';
import { Alert, Button, Drawer, Input, Space, Typography } from 'antd';
import { FieldErrorsAlert } from '../../components/FieldErrorsAlert';
import { newUuid } from '../../lib/uuid';
import { dryRun, type DryRunOutcome } from './api';
import { DryRunResult } from './DryRunResult';

function sampleEvent(): string {
  const event = {
    id: `dry-run-${newUuid().slice(0, 8)}`,
    type: 'order.paid',
    occurredAt: new Date().toISOString(),
    member: { externalId: 'user-10086' },
    attributes: {
      orderId: 'o-1001',
      amount: 12800,
      currency: 'CNY',
      channel: 'app',
      items: [{ sku: 'SKU-1', category: 'shoes', amount: 12800, quantity: 1 }],
    },
  };
  return JSON.stringify(event, null, 2);
}

/** Posts an event to the dry-run endpoint: what each active rule would grant or why it would skip; nothing is written. */
export function DryRunDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [text, setText] = useState(sampleEvent);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<DryRunOutcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [parseError, setParseError] = useState<string | null>(null);

  const run = async () => {
    setOutcome(null);
    setError(null);
    setParseError(null);
    let event: unknown;
    try {
      event = JSON.parse(text) as unknown;
    } catch (err) {
      setParseError(err instanceof Error ? err.message : String(err));
      return;
    }
    setRunning(true);
    try {
      setOutcome(await dryRun(event));
    } catch (err) {
      setError(err);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Drawer title="Dry run" open={open} onClose={onClose} size={720}>
      <Typography.Paragraph type="secondary">
        Paste an event as your systems send it to <Typography.Text code>POST /api/v1/events</Typography.Text>. The active rules are
        evaluated now; no points move, no cap is used and no member is enrolled.
      </Typography.Paragraph>
      <Input.TextArea
        aria-label="Event JSON"
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 10, maxRows: 24 }}
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
      />
      <Space style={{ margin: '12px 0 16px' }}>
        <Button type="primary" onClick={() => void run()} loading={running} data-testid="dry-run-submit">
          Run
        </Button>
        <Button onClick={() => setText(sampleEvent())}>Reset sample</Button>
      </Space>
      {parseError && (
        <Alert type="error" showIcon role="alert" title="Not valid JSON" description={parseError} style={{ marginBottom: 16 }} />
      )}
      <FieldErrorsAlert error={error} title="The event was refused" />
      {outcome && <DryRunResult outcome={outcome} />}
    </Drawer>
  );
}
