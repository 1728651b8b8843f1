import { useState } from 'react';
import { App, Button, Popconfirm, Space } from 'antd';
import type { TaskView } from '@laurel/shared';
import { useNotifyError } from '../../components/useNotifyError';
import { useMessages } from '../../i18n/language';
import { changeTaskStatus, type TaskAction } from './api';
import { tasksMessages } from './messages';

export interface TaskStatusActionsProps {
  task: TaskView;
  onChanged: (task: TaskView) => void;
  size?: 'small';
}

/** Pause or resume, and archive for good (after a confirmation); nothing for an archived task. */
export function TaskStatusActions({ task, onChanged, size }: TaskStatusActionsProps) {
  const t = useMessages(tasksMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState<TaskAction | null>(null);
  if (task.status === 'archived') return null;

  const run = async (action: TaskAction) => {
    setBusy(action);
    try {
      const after = await changeTaskStatus(task.id, action);
      const done = { pause: t.paused, resume: t.resumed, archive: t.archived }[action];
      void message.success(done(task.name));
      onChanged(after);
    } catch (err) {
      notifyError(err, t.changeFailed);
    } finally {
      setBusy(null);
    }
  };

  const toggle: TaskAction = task.status === 'paused' ? 'resume' : 'pause';
  return (
    <Space size={4}>
      <Button size={size} loading={busy === toggle} onClick={() => void run(toggle)} aria-label={`${t[toggle]} ${task.name}`}>
        {t[toggle]}
      </Button>
      <Popconfirm
        title={t.archiveTitle}
        description={<div style={{ maxWidth: 320 }}>{t.archiveText}</div>}
        okText={t.archive}
        cancelText={t.cancel}
        okButtonProps={{ danger: true }}
        onConfirm={() => run('archive')}
      >
        <Button danger size={size} loading={busy === 'archive'} aria-label={`${t.archive} ${task.name}`}>
          {t.archive}
        </Button>
      </Popconfirm>
    </Space>
  );
}
