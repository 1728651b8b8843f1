import { Button, Form, Space } from 'antd';
import type { CreateTaskDto, UpdateTaskDto } from '@laurel/shared';
import { FieldErrorsAlert } from '../../components/FieldErrorsAlert';
import { useFormSubmit } from '../../components/useFormSubmit';
import { useMessages } from '../../i18n/language';
import { RuleConditionsFields } from '../earning-rules/RuleConditionsFields';
import { taskFieldOf, type TaskFormValues } from './formValues';
import { tasksMessages } from './messages';
import type { TaskChoices } from './useTaskChoices';
import { TaskAudienceFields } from './TaskAudienceFields';
import { TaskBasicsFields } from './TaskBasicsFields';
import { TaskClaimFields } from './TaskClaimFields';
import { TaskGoalFields } from './TaskGoalFields';
import { TaskScheduleFields } from './TaskScheduleFields';
import { TaskTriggerFields } from './TaskTriggerFields';

type TaskBody = CreateTaskDto | UpdateTaskDto;

export interface TaskFormProps {
  initialValues: TaskFormValues;
  creating: boolean;
  readOnly: boolean;
  choices: TaskChoices;
  toBody: (values: TaskFormValues) => TaskBody;
  /** Sends the body; a refusal with field errors is shown on the fields it names. */
  onSubmit: (body: TaskBody) => Promise<void>;
  onCancel: () => void;
}

export function TaskForm({ initialValues, creating, readOnly, choices, toBody, onSubmit, onCancel }: TaskFormProps) {
  const t = useMessages(tasksMessages);
  const [form] = Form.useForm<TaskFormValues>();
  const { submit, submitting, error, clearError, top } = useFormSubmit(form, { toBody, send: onSubmit, fieldOf: taskFieldOf });

  return (
    <div ref={top}>
      <FieldErrorsAlert error={error} title={t.notSaved} onClose={clearError} />
      <Form<TaskFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        disabled={readOnly}
        onFinish={(v) => void submit(v)}
        scrollToFirstError
        data-testid="task-form"
      >
        <TaskBasicsFields creating={creating} />
        <TaskTriggerFields />
        <RuleConditionsFields />
        <TaskGoalFields readOnly={readOnly} />
        <TaskClaimFields />
        <TaskScheduleFields />
        <TaskAudienceFields tiers={choices.tiers} tasks={choices.tasks} loading={choices.loading} />
        {!readOnly && (
          <Space>
            <Button type="primary" htmlType="submit" loading={submitting}>
              {creating ? t.create : t.save}
            </Button>
            <Button onClick={onCancel}>{t.cancel}</Button>
          </Space>
        )}
      </Form>
    </div>
  );
}
