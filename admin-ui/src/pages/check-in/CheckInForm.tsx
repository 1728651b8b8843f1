import { useRef, useState } from 'react';
import { Button, Form } from 'antd';
import type { CheckInProgramView, UpdateCheckInProgramDto } from '@laurel/shared';
import { fieldErrorsOf } from '../../api/fieldErrors';
import { FieldErrorsAlert } from '../../components/FieldErrorsAlert';
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
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const top = useRef<HTMLDivElement>(null);
  // A second click before React re-renders the busy button must not send a second request.
  const inFlight = useRef(false);

  const submit = async (values: CheckInFormValues) => {
    if (inFlight.current) return;
    inFlight.current = true;
    const body = toBody(values, program.version);
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(body);
    } catch (err) {
      setError(err);
      form.setFields(fieldErrorsOf(err).map((f) => ({ name: checkInFieldOf(f.field, body) as ['active'], errors: f.reasons })));
      top.current?.scrollIntoView({ block: 'start' });
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  return (
    <div ref={top}>
      <FieldErrorsAlert error={error} title={t.notSaved} onClose={() => setError(null)} />
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
