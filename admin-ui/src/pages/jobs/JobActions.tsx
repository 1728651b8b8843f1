import { useState } from 'react';
import { CaretRightOutlined, PauseOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space } from 'antd';
import { useNotifyError } from '../../components/useNotifyError';
import { jobAction, type Job, type JobAction } from './api';
import { isFailure, outcomeOf } from './JobResult';

export interface JobActionsProps {
  job: Job;
  onDone: () => void;
}

const DONE: Record<JobAction, string> = {
  run: 'triggered',
  pause: 'paused',
  resume: 'resumed',
};

/** Run now / pause / resume for one job (operator or admin). */
export function JobActions({ job, onDone }: JobActionsProps) {
  const [busy, setBusy] = useState<JobAction | null>(null);
  const { message } = App.useApp();
  const notifyError = useNotifyError();

  const act = async (action: JobAction) => {
    setBusy(action);
    try {
      const result = await jobAction(job.name, action);
      if (action === 'run' && isFailure(result)) {
        void message.warning(`Job ${job.name} ran: ${outcomeOf(result)}`);
      } else {
        const outcome = action === 'run' ? outcomeOf(result) : null;
        void message.success(`Job ${job.name} ${DONE[action]}${outcome ? ` (${outcome})` : ''}`);
      }
      onDone();
    } catch (err) {
      notifyError(err, `Could not ${action} ${job.name}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space>
      <Popconfirm
        title={`Run ${job.name} now?`}
        description="The job runs once immediately, outside its schedule."
        okText="Run now"
        onConfirm={() => act('run')}
      >
        <Button size="small" icon={<PlayCircleOutlined />} loading={busy === 'run'} disabled={busy !== null}>
          Run now
        </Button>
      </Popconfirm>
      {job.paused ? (
        <Button
          size="small"
          icon={<CaretRightOutlined />}
          loading={busy === 'resume'}
          disabled={busy !== null}
          onClick={() => void act('resume')}
        >
          Resume
        </Button>
      ) : (
        <Popconfirm title={`Pause ${job.name}?`} okText="Pause" onConfirm={() => act('pause')}>
          <Button size="small" icon={<PauseOutlined />} loading={busy === 'pause'} disabled={busy !== null}>
            Pause
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
