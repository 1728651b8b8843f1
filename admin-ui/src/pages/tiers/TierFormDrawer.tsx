import { useEffect, useRef, useState } from 'react';
import { App, Button, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import { fieldErrorsOf, namePathOf } from '../../api/fieldErrors';
import { useIdempotencyKey } from '../../api/useIdempotencyKey';
import { FieldErrorsAlert } from '../../components/FieldErrorsAlert';
import {
  createTier,
  DOWNGRADE_MODE_LABELS,
  DOWNGRADE_MODES,
  MAX_TIER_THRESHOLD,
  TIER_CODE_PATTERN,
  updateTier,
  type DowngradeMode,
  type Tier,
  type TierInput,
} from './api';

interface TierFormValues {
  code: string;
  name: string;
  rank: number;
  entryThreshold: number;
  retentionThreshold?: number | null;
  validityMonths?: number | null;
  graceDays: number;
  downgradeMode: DowngradeMode;
}

const NEW_TIER_VALUES: Partial<TierFormValues> = { graceDays: 0, downgradeMode: 'one_level' };

function toFormValues(tier: Tier): TierFormValues {
  const { code, name, rank, entryThreshold, retentionThreshold, validityMonths, graceDays, downgradeMode } = tier;
  return { code, name, rank, entryThreshold, retentionThreshold, validityMonths, graceDays, downgradeMode };
}

/** Blank retention means "the entry threshold"; blank validity means "held for good". */
function toInput(v: TierFormValues): TierInput {
  return {
    code: v.code,
    name: v.name.trim(),
    rank: v.rank,
    entryThreshold: v.entryThreshold,
    ...(v.retentionThreshold !== null && v.retentionThreshold !== undefined ? { retentionThreshold: v.retentionThreshold } : {}),
    validityMonths: v.validityMonths ?? null,
    graceDays: v.graceDays,
    downgradeMode: v.downgradeMode,
  };
}

export interface TierFormDrawerProps {
  open: boolean;
  /** The tier to change; null creates one. */
  tier: Tier | null;
  onClose: () => void;
  onSaved: (tier: Tier) => void;
}

/** Create or change a tier; server field errors are shown on their fields. */
export function TierFormDrawer({ open, tier, onClose, onSaved }: TierFormDrawerProps) {
  const [form] = Form.useForm<TierFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const inFlight = useRef(false);
  const idempotency = useIdempotencyKey();
  const { message } = App.useApp();

  // On opening, not after the opening animation: a fast first submission must keep its error on screen.
  useEffect(() => {
    if (!open) return;
    idempotency.reset();
    setError(null);
  }, [open, idempotency.reset]);

  const submit = async (values: TierFormValues) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSubmitting(true);
    setError(null);
    try {
      const { code, ...changes } = toInput(values);
      const saved = tier
        ? await updateTier(tier.code, tier.version, changes, idempotency.current())
        : await createTier({ code, ...changes }, idempotency.current());
      idempotency.settle();
      void message.success(`Tier “${saved.name}” saved`);
      onSaved(saved);
    } catch (err) {
      idempotency.settle(err);
      setError(err);
      const fields = fieldErrorsOf(err);
      form.setFields(fields.map((f) => ({ name: namePathOf(f.field) as ['name'], errors: f.reasons })));
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  return (
    <Drawer
      title={tier ? `Edit tier ${tier.code}` : 'New tier'}
      open={open}
      onClose={onClose}
      size={520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="primary" loading={submitting} onClick={() => form.submit()}>
            {tier ? 'Save changes' : 'Create tier'}
          </Button>
        </Space>
      }
    >
      <FieldErrorsAlert error={error} title="The tier was not saved" onClose={() => setError(null)} />
      <Form<TierFormValues>
        form={form}
        layout="vertical"
        initialValues={tier ? toFormValues(tier) : NEW_TIER_VALUES}
        onFinish={(v) => void submit(v)}
        preserve={false}
        scrollToFirstError
      >
        <Form.Item
          name="code"
          label="Code"
          extra="Never changes; earning-rule conditions and members refer to it."
          rules={[
            { required: true, message: 'Enter a code' },
            { pattern: TIER_CODE_PATTERN, message: '1 to 32 lower-case letters, digits, _ or -, starting with a letter' },
          ]}
        >
          <Input disabled={tier !== null} placeholder="e.g. gold" />
        </Form.Item>
        <Form.Item name="name" label="Name" rules={[{ required: true, whitespace: true, message: 'Enter a name' }, { max: 100 }]}>
          <Input placeholder="e.g. Gold" />
        </Form.Item>
        <Form.Item
          name="rank"
          label="Rank"
          extra="1 is the lowest tier; ranks are unique."
          rules={[{ required: true, message: 'Enter a rank' }]}
        >
          <InputNumber<number> precision={0} min={1} max={100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="entryThreshold"
          label="Entry threshold"
          extra="Must rise strictly with rank."
          rules={[{ required: true, message: 'Enter the entry threshold' }]}
        >
          <InputNumber<number> precision={0} min={0} max={MAX_TIER_THRESHOLD} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="retentionThreshold" label="Retention threshold" extra="Needed to keep the tier; blank: the entry threshold.">
          <InputNumber<number> precision={0} min={0} max={MAX_TIER_THRESHOLD} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="validityMonths" label="Validity months" extra="Blank: held for good, never evaluated for downgrade.">
          <InputNumber<number> precision={0} min={1} max={120} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="graceDays" label="Grace days" rules={[{ required: true }]}>
          <InputNumber<number> precision={0} min={0} max={365} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="downgradeMode" label="Downgrade mode" rules={[{ required: true }]}>
          <Select options={DOWNGRADE_MODES.map((m) => ({ value: m, label: DOWNGRADE_MODE_LABELS[m] }))} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
