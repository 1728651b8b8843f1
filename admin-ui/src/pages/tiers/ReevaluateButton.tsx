import { useState } from 'react';
import { SyncOutlined } from '@ant-design/icons';
import { App, Button, Typography } from 'antd';
import { asApiError } from '../../api/errors';
import { newUuid } from '../../lib/uuid';
import { reevaluateTiers, type TierReevaluation } from './api';

function counts(r: TierReevaluation): string {
  return `${r.up} up, ${r.down} down (of ${r.members} members)`;
}

/** Counts who would move first (dry run), then asks before re-tiering everyone. */
export function ReevaluateButton({ onDone }: { onDone: () => void }) {
  const [checking, setChecking] = useState(false);
  const { modal, message } = App.useApp();

  const run = async () => {
    setChecking(true);
    let preview: TierReevaluation;
    try {
      preview = await reevaluateTiers(true);
    } catch (err) {
      const e = asApiError(err);
      void message.error(`Dry run failed: [${e.code}] ${e.message}`);
      return;
    } finally {
      setChecking(false);
    }
    // One key per confirmed run, so a retried request does not start the job twice.
    const key = newUuid();
    modal.confirm({
      title: 'Re-evaluate all members?',
      content: (
        <div data-testid="reevaluation-preview">
          <Typography.Paragraph>
            Dry run: <strong>{preview.up}</strong> would move up, <strong>{preview.down}</strong> would move down (of {preview.members}{' '}
            members).
          </Typography.Paragraph>
          <Typography.Text type="secondary">Members move with reason “reevaluation”; this cannot be undone in one step.</Typography.Text>
        </div>
      ),
      okText: 'Re-evaluate',
      onOk: async () => {
        try {
          const done = await reevaluateTiers(false, key);
          void message.success(`Re-evaluated: ${counts(done)}`);
          onDone();
        } catch (err) {
          const e = asApiError(err);
          void message.error(`Re-evaluation failed: [${e.code}] ${e.message}`);
        }
      },
    });
  };

  return (
    <Button icon={<SyncOutlined />} loading={checking} onClick={() => void run()}>
      Re-evaluate all
    </Button>
  );
}
