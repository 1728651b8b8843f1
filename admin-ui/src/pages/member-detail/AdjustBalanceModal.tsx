import { useRef, useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { fieldErrorsOf, namePathOf } from '../../api/fieldErrors';
import { useIdempotencyKey } from '../../api/useIdempotencyKey';
import { FieldErrorsAlert } from '../../components/FieldErrorsAlert';
import { adjustBalance, CURRENCIES, MAX_ADJUST, type AdjustInput } from './api';
import { adjustRefusal } from './adjustErrors';
import { CURRENCY_LABELS } from './WalletCard';

export interface AdjustBalanceModalProps {
  memberId: string;
  open: boolean;
  onClose: () => void;
  onAdjusted: () => void;
}

const FORM_FIELDS = new Set(['currency', 'amount', 'reason']);

/** Credit (+) or debit (−) points or growth by hand, with a reason; audited by the server. */
export function AdjustBalanceModal({ memberId, open, onClose, onAdjusted }: AdjustBalanceModalProps) {
  const [form] = Form.useForm<AdjustInput>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  // A second click before React re-renders the disabled button must not send a second request.
  const inFlight = useRef(false);
  const idempotency = useIdempotencyKey();
  const { message } = App.useApp();

  const submit = async (values: AdjustInput) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSubmitting(true);
    setError(null);
    setRefusal(null);
    try {
      const input = { currency: values.currency, amount: values.amount, reason: values.reason.trim() };
      const entry = await adjustBalance(memberId, input, idempotency.current());
      idempotency.settle();
      void message.success(`${CURRENCY_LABELS[entry.currency]} adjusted by ${entry.delta > 0 ? '+' : ''}${entry.delta}`);
      onClose();
      onAdjusted();
    } catch (err) {
      idempotency.settle(err);
      const fields = fieldErrorsOf(err).filter((f) => FORM_FIELDS.has(f.field));
      form.setFields(fields.map((f) => ({ name: namePathOf(f.field) as ['amount'], errors: f.reasons })));
      const sentence = adjustRefusal(err, values.currency);
      if (sentence) setRefusal(sentence);
      else setError(err);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title="Adjust balance"
      open={open}
      onCancel={onClose}
      okText="Apply adjustment"
      confirmLoading={submitting}
      onOk={() => form.submit()}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (visible) {
          idempotency.reset();
          setError(null);
          setRefusal(null);
        }
      }}
    >
      {refusal && (
        <Alert type="warning" showIcon role="alert" title="Adjustment refused" description={refusal} style={{ marginBottom: 16 }} />
      )}
      <FieldErrorsAlert error={error} title="Adjustment failed" />
      <Form<AdjustInput>
        form={form}
        layout="vertical"
        initialValues={{ currency: 'points' }}
        onFinish={(v) => void submit(v)}
        preserve={false}
      >
        <Form.Item name="currency" label="Currency" rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={CURRENCIES.map((c) => ({ value: c, label: CURRENCY_LABELS[c] }))} />
        </Form.Item>
        <Form.Item
          name="amount"
          label="Amount"
          extra="Positive to credit, negative to debit (a debit takes available units only)."
          rules={[
            { required: true, message: 'Enter an amount' },
            { type: 'integer', message: 'Whole units only' },
            {
              validator: (_, v: number | null) => (v === 0 ? Promise.reject(new Error('The amount may not be zero')) : Promise.resolve()),
            },
          ]}
        >
          <InputNumber<number> precision={0} min={-MAX_ADJUST} max={MAX_ADJUST} style={{ width: '100%' }} placeholder="e.g. 100 or -50" />
        </Form.Item>
        <Form.Item name="reason" label="Reason" rules={[{ required: true, whitespace: true, message: 'Say why' }, { max: 500 }]}>
          <Input.TextArea rows={3} placeholder="e.g. goodwill for late delivery, ticket #4821" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
