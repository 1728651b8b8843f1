import { Button, Form, Space } from 'antd';
import { FieldErrorsAlert } from '../../components/FieldErrorsAlert';
import { useFormSubmit } from '../../components/useFormSubmit';
import type { RuleInput } from './api';
import { toRuleInput, type RuleFormValues } from './formValues';
import { RuleBasicsFields } from './RuleBasicsFields';
import { RuleCapsFields } from './RuleCapsFields';
import { RuleConditionsFields } from './RuleConditionsFields';
import { RuleFormulaFields } from './RuleFormulaFields';

export interface RuleFormProps {
  initialValues: RuleFormValues;
  readOnly: boolean;
  submitLabel: string;
  /** Sends the rule; a rejection with field errors is shown on the fields. */
  onSubmit: (input: RuleInput) => Promise<void>;
  onCancel: () => void;
}

export function RuleForm({ initialValues, readOnly, submitLabel, onSubmit, onCancel }: RuleFormProps) {
  const [form] = Form.useForm<RuleFormValues>();
  const { submit, submitting, error, clearError, top } = useFormSubmit(form, { toBody: toRuleInput, send: onSubmit });

  return (
    <div ref={top}>
      <FieldErrorsAlert error={error} title="The rule was not saved" onClose={clearError} />
      <Form<RuleFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        disabled={readOnly}
        onFinish={(v) => void submit(v)}
        scrollToFirstError
      >
        <RuleBasicsFields />
        <RuleConditionsFields />
        <RuleFormulaFields />
        <RuleCapsFields />
        {!readOnly && (
          <Space>
            <Button type="primary" htmlType="submit" loading={submitting}>
              {submitLabel}
            </Button>
            <Button onClick={onCancel}>Cancel</Button>
          </Space>
        )}
      </Form>
    </div>
  );
}
