import { Button, Form } from 'antd';
import type { CheckInProgramView, UpdateCheckInProgramDto } from '@laurel/shared';
import { FieldErrorsAlert } from '../../components/FieldErrorsAlert';
import { useFormSubmit } from '../../components/useFormSubmit';
import { useMessages } from '../../i18n/language';
import { DayRewardsTable } from './DayRewardsTable';
import { checkInFieldOf, toBody, toFormValues, type CheckInFormValues } from './formValues';
import { MakeUpFields } from './MakeUpFields';
import { checkInMessages } from './messages';
import { MilestonesList } from './MilestonesList';
import { ProgramFields } from './ProgramFields';

export interface CheckInFormProps {
  program: CheckInProgramView;
  readOnly: boolean;
  /** Sends the program; a refusal with field errors is shown on the fields it names. */
  onSubmit: (body: UpdateCheckInProgramDto) => Promise<void>;
}

export function CheckInForm({ program, readOnly, onSubmit }: CheckInFormProps) {
  const t = useMessages(checkInMessages);
  const [form] = Form.useForm<CheckInFormValues>();
  const { submit, submitting, error, clearError, top } = useFormSubmit(form, {
    toBody: (values: CheckInFormValues) => toBody(values, program.version),
    send: onSubmit,
    fieldOf: checkInFieldOf,
  });

  return (
    <div ref={top}>
      <FieldErrorsAlert error={error} title={t.notSaved} onClose={clearError} />
      <Form<CheckInFormValues>
        form={form}
        layout="vertical"
        initialValues={toFormValues(program)}
        disabled={readOnly}
        onFinish={(v) => void submit(v)}
        scrollToFirstError
        data-testid="check-in-form"
      >
        <ProgramFields />
        <DayRewardsTable />
        <MilestonesList readOnly={readOnly} />
        <MakeUpFields />
        {!readOnly && (
          <Button type="primary" htmlType="submit" loading={submitting}>
            {t.save}
          </Button>
        )}
      </Form>
    </div>
  );
}
