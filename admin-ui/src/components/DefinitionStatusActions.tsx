import { useState } from 'react';
import { App, Button, Popconfirm, Space } from 'antd';
import { defineMessages, useMessages } from '../i18n/language';
import { useNotifyError } from './useNotifyError';

export type StatusAction = 'pause' | 'resume' | 'archive';
export type DefinitionStatus = 'active' | 'paused' | 'archived';

const messages = defineMessages({
  en: {
    pause: 'Pause',
    resume: 'Resume',
    archive: 'Archive',
    cancel: 'Cancel',
    done: { pause: 'Paused', resume: 'Resumed', archive: 'Archived' } as Record<StatusAction, string>,
    failed: 'The status was not changed',
  },
  zh: {
    pause: '暂停',
    resume: '恢复',
    archive: '归档',
    cancel: '取消',
    done: { pause: '已暂停', resume: '已恢复', archive: '已归档' } as Record<StatusAction, string>,
    failed: '状态未更改',
  },
});

export interface DefinitionStatusActionsProps<T> {
  name: string;
  status: DefinitionStatus;
  /** Runs the action on the server (repeating one changes nothing); the answer is the definition after it. */
  change: (action: StatusAction) => Promise<T>;
  onChanged: (after: T) => void;
  archiveTitle: string;
  archiveText: string;
  /** False for definitions that are only archived, never paused (benefits). */
  pausable?: boolean;
  size?: 'small';
}

/** Pause or resume, and archive for good after a confirmation; nothing for an archived definition. */
export function DefinitionStatusActions<T>({
  name,
  status,
  change,
  onChanged,
  archiveTitle,
  archiveText,
  pausable = true,
  size,
}: DefinitionStatusActionsProps<T>) {
  const t = useMessages(messages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState<StatusAction | null>(null);
  if (status === 'archived') return null;

  const run = async (action: StatusAction) => {
    setBusy(action);
    try {
      const after = await change(action);
      void message.success(`${t.done[action]}: ${name}`);
      onChanged(after);
    } catch (err) {
      notifyError(err, t.failed);
    } finally {
      setBusy(null);
    }
  };

  const toggle: StatusAction = status === 'paused' ? 'resume' : 'pause';
  return (
    <Space size={4}>
      {pausable && (
        <Button size={size} loading={busy === toggle} onClick={() => void run(toggle)} aria-label={`${t[toggle]} ${name}`}>
          {t[toggle]}
        </Button>
      )}
      <Popconfirm
        title={archiveTitle}
        description={<div style={{ maxWidth: 320 }}>{archiveText}</div>}
        okText={t.archive}
        cancelText={t.cancel}
        okButtonProps={{ danger: true }}
        onConfirm={() => run('archive')}
      >
        <Button danger size={size} loading={busy === 'archive'} aria-label={`${t.archive} ${name}`}>
          {t.archive}
        </Button>
      </Popconfirm>
    </Space>
  );
}
