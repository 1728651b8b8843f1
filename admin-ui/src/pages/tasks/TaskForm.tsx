import { Form } from 'antd';
import type { CreateTaskDto, UpdateTaskDto } from '@laurel/shared';
import { DefinitionForm, type DefinitionFormInput } from '../../components/DefinitionForm';
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

export interface TaskFormProps extends DefinitionFormInput<TaskFormValues, TaskBody> {
  choices: TaskChoices;
}

export function TaskForm({ choices, ...props }: TaskFormProps) {
  const t = useMessages(tasksMessages);
  const [form] = Form.useForm<TaskFormValues>();
  return (
    <DefinitionForm {...props} form={form} fieldOf={taskFieldOf} texts={t} testId="task-form">
      <TaskBasicsFields creating={props.creating} />
      <TaskTriggerFields />
      <RuleConditionsFields />
      <TaskGoalFields readOnly={props.readOnly} />
      <TaskClaimFields />
      <TaskScheduleFields />
      <TaskAudienceFields tiers={choices.tiers} tasks={choices.tasks} loading={choices.loading} />
    </DefinitionForm>
  );
}
