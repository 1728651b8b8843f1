import { useState } from 'react';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Flex, Spin } from 'antd';
import type { CreateTaskDto, UpdateTaskDto } from '@laurel/shared';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { asApiError } from '../../api/errors';
import { useIdempotencyKey } from '../../api/useIdempotencyKey';
import { useHasRole } from '../../auth/useSession';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { ConflictAlert } from '../../components/ConflictAlert';
import { useMessages } from '../../i18n/language';
import { createTask, updateTask } from './api';
import { NEW_TASK_VALUES, toCreateBody, toFormValues, toUpdateBody } from './formValues';
import { tasksMessages } from './messages';
import { TaskForm } from './TaskForm';
import { TaskStatusActions } from './TaskStatusActions';
import { TaskStatusTag } from './TaskStatusTag';
import { useTask } from './useTask';
import { useTaskChoices } from './useTaskChoices';

/** `/tasks/new` and `/tasks/:id` (read-only for viewers and archived tasks). */
export function TaskEditPage() {
  const t = useMessages(tasksMessages);
  const { id } = useParams();
  const { task, loading, error, reload } = useTask(id);
  const choices = useTaskChoices(id);
  const canWrite = useHasRole('operator');
  const navigate = useNavigate();
  const idempotency = useIdempotencyKey();
  const { message } = App.useApp();
  const [conflict, setConflict] = useState(false);
  const back = (
    <Link to="/tasks">
      <ArrowLeftOutlined /> {t.back}
    </Link>
  );

  if (id !== undefined && !task) {
    return (
      <>
        {back}
        {error ? (
          <ApiErrorAlert error={error} title={t.couldNotLoadTask} onRetry={reload} />
        ) : (
          <Flex justify="center" style={{ padding: 64 }}>
            <Spin spinning={loading} />
          </Flex>
        )}
      </>
    );
  }

  const save = async (body: CreateTaskDto | UpdateTaskDto) => {
    try {
      const saved = task
        ? await updateTask(task.id, body as UpdateTaskDto, idempotency.current())
        : await createTask(body as CreateTaskDto, idempotency.current());
      idempotency.settle();
      void message.success(t.saved(saved.name));
      navigate('/tasks');
    } catch (err) {
      idempotency.settle(err);
      if (asApiError(err).status === 409 && asApiError(err).code === 'CONFLICT') setConflict(true);
      throw err;
    }
  };

  const archived = task?.status === 'archived';
  const readOnly = !canWrite || archived;
  return (
    <>
      {back}
      <PageHeader
        title={task ? task.name : t.newTask}
        subtitle={task ? t.versionLine(task.version, t.kinds[task.kind]) : t.newSubtitle}
        extra={
          task && (
            <Flex gap={8} align="center">
              <TaskStatusTag status={task.status} />
              {canWrite && <TaskStatusActions task={task} onChanged={reload} />}
            </Flex>
          )
        }
      />
      {readOnly && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={archived ? t.readOnlyArchived : t.readOnlyViewer} />}
      {conflict && (
        <ConflictAlert
          title={t.conflictTitle}
          description={t.conflictText}
          reloadLabel={t.reload}
          testId="task-conflict"
          onReload={() => {
            setConflict(false);
            reload();
          }}
        />
      )}
      <TaskForm
        // A reloaded version starts the form over from what is stored now.
        key={task ? `${task.id}:${task.version}` : 'new'}
        initialValues={task ? toFormValues(task) : NEW_TASK_VALUES}
        creating={!task}
        readOnly={readOnly}
        choices={choices}
        toBody={(values) => (task ? toUpdateBody(values, task.version) : toCreateBody(values))}
        onSubmit={save}
        onCancel={() => navigate('/tasks')}
      />
    </>
  );
}
