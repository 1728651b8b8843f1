import { useEffect, useRef, useState } from 'react';
import { App, DatePicker, Form, Input, Modal, Select, Switch } from 'antd';
import type { DatePickerProps } from 'antd';
import { fieldErrorsOf, namePathOf } from '../../api/fieldErrors';
import { useIdempotencyKey } from '../../api/useIdempotencyKey';
import { FieldErrorsAlert } from '../../components/FieldErrorsAlert';
import { setMemberTier, type SetTierInput, type TierRung } from './api';

/** Stands for "no tier" in the select; never a tier code (codes start with a letter). */
const NO_TIER = '(none)';

/** The picker's date type (dayjs), named through antd rather than imported. */
type PickedDate = NonNullable<DatePickerProps['defaultPickerValue']>;

interface SetTierValues {
  tier: string;
  validUntil?: PickedDate | null;
  autoUpgrade: boolean;
  reason: string;
}

const FORM_FIELDS = new Set(['tier', 'validUntil', 'autoUpgrade', 'reason']);

function toInput(v: SetTierValues): SetTierInput {
  const tier = v.tier === NO_TIER ? null : v.tier;
  return {
    tier,
    ...(tier !== null && v.validUntil ? { validUntil: v.validUntil.toISOString() } : {}),
    reason: v.reason.trim(),
    autoUpgrade: v.autoUpgrade,
  };
}

export interface SetTierModalProps {
  memberId: string;
  ladder: TierRung[];
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}

/** Place the member on a tier (or none) by hand, with a reason; audited by the server. */
export function SetTierModal({ memberId, ladder, open, onClose, onSaved }: SetTierModalProps) {
  const [form] = Form.useForm<SetTierValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A second click before React re-renders the busy button must not send a second request.
  const inFlight = useRef(false);
  const idempotency = useIdempotencyKey();
  const { message } = App.useApp();
  const noTier = Form.useWatch('tier', form) === NO_TIER;

  // On opening, not after the opening animation: a fast first submission must keep its error on screen.
  useEffect(() => {
    if (!open) return;
    idempotency.reset();
    setError(null);
  }, [open, idempotency.reset]);

  const submit = async (values: SetTierValues) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSubmitting(true);
    setError(null);
    try {
      const view = await setMemberTier(memberId, toInput(values), idempotency.current());
      idempotency.settle();
      void message.success(view.tier ? `Tier set to ${view.name ?? view.tier}` : 'Tier removed');
      onClose();
      onSaved();
    } catch (err) {
      idempotency.settle(err);
      setError(err);
      const fields = fieldErrorsOf(err).filter((f) => FORM_FIELDS.has(f.field));
      form.setFields(fields.map((f) => ({ name: namePathOf(f.field) as ['tier'], errors: f.reasons })));
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title="Set tier"
      open={open}
      onCancel={onClose}
      okText="Set tier"
      confirmLoading={submitting}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <FieldErrorsAlert error={error} title="The tier was not set" />
      <Form<SetTierValues>
        form={form}
        layout="vertical"
        initialValues={{ autoUpgrade: true }}
        onFinish={(v) => void submit(v)}
        preserve={false}
      >
        <Form.Item name="tier" label="Tier" rules={[{ required: true, message: 'Choose a tier' }]}>
          <Select
            placeholder="Choose a tier"
            options={[...ladder.map((t) => ({ value: t.code, label: `${t.name} (${t.code})` })), { value: NO_TIER, label: 'No tier' }]}
          />
        </Form.Item>
        <Form.Item name="validUntil" label="Valid until" extra="In your local time. Blank: the tier's own validity, counted from now.">
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabled={noTier} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="autoUpgrade"
          label="Keep upgrading automatically"
          valuePropName="checked"
          extra="Off: the member is not moved up when they qualify for a higher tier."
        >
          <Switch />
        </Form.Item>
        <Form.Item name="reason" label="Reason" rules={[{ required: true, whitespace: true, message: 'Say why' }, { max: 500 }]}>
          <Input.TextArea rows={3} placeholder="e.g. VIP match from a partner programme, ticket #5120" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
