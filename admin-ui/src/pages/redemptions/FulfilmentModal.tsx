import { Alert, App, Form, Input, Select } from 'antd';
import { FormModal } from '../../components/FormModal';
import { useMessages } from '../../i18n/language';
import type { FulfilmentStatus, RedemptionView, UpdateFulfilmentDto } from '@laurel/shared';
import { NEXT_FULFILMENT, updateFulfilment } from './api';
import { redemptionsMessages } from './messages';

interface FulfilmentValues {
  status: FulfilmentStatus;
  trackingNumber?: string;
  note?: string;
}

export interface FulfilmentModalProps {
  redemption: RedemptionView;
  /** The status the operator chose to move to. */
  status: FulfilmentStatus;
  open: boolean;
  onClose: () => void;
  onUpdated: (after: RedemptionView) => void;
}

/** Moves a physical redemption's delivery on: shipped (with its tracking number), delivered, or cancelled. */
export function FulfilmentModal({ redemption, status, open, onClose, onUpdated }: FulfilmentModalProps) {
  const t = useMessages(redemptionsMessages);
  const { message } = App.useApp();
  const current = redemption.fulfilment?.status ?? 'pending';
  return (
    <FormModal<FulfilmentValues, UpdateFulfilmentDto, RedemptionView>
      open={open}
      title={t.fulfilmentTitle}
      okText={t.apply}
      danger={status === 'cancelled'}
      onClose={onClose}
      initialValues={{ status }}
      toBody={(v) => ({
        status: v.status,
        ...(v.trackingNumber?.trim() ? { trackingNumber: v.trackingNumber.trim() } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      })}
      send={(body, key) => updateFulfilment(redemption.id, body, key)}
      onDone={(after) => {
        void message.success(t.fulfilmentUpdated(t.fulfilments[after.fulfilment?.status ?? status]));
        onUpdated(after);
      }}
      errorTitle={t.notUpdated}
      testId="fulfilment-modal"
      intro={status === 'cancelled' ? <Alert type="warning" showIcon title={t.cancelWarning} style={{ marginBottom: 16 }} /> : undefined}
    >
      <Form.Item name="status" label={t.status} rules={[{ required: true, message: t.required }]}>
        <Select options={NEXT_FULFILMENT[current].map((s) => ({ value: s, label: t.fulfilments[s] }))} />
      </Form.Item>
      {status === 'shipped' && (
        <Form.Item
          name="trackingNumber"
          label={t.tracking}
          extra={t.trackingHelp}
          rules={[{ required: true, whitespace: true, message: t.required }, { max: 100 }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item name="note" label={t.note} rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}
