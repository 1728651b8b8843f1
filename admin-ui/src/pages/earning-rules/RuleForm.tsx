import { useRef, useState } from 'react';
import { Button, Form, Space } from 'antd';
import { fieldErrorsOf, namePathOf } from '../../api/fieldErrors';
import { FieldErrorsAlert } from '../../components/FieldErrorsAlert';
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
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const top = useRef<HTMLDivElement>(null);

  const submit = async (values: RuleFormValues) => {
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(toRuleInput(values));
    } catch (err) {
      setError(err);
      const fields = fieldErrorsOf(err);
      form.setFields(fields.map((f) => ({ name: namePathOf(f.field) as ['name'], errors: f.reasons })));
      top.current?.scrollIntoView({ block: 'start' });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div ref={top}>
      <FieldErrorsAlert error={error} title="The rule was not saved" onClose={() => setError(null)} />
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
