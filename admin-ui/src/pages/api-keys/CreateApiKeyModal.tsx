import { useState } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { useIdempotencyKey } from '../../api/useIdempotencyKey';
import { useNotifyError } from '../../components/useNotifyError';
import { API_KEY_SCOPES, createApiKey, SCOPE_DESCRIPTIONS, type CreateApiKeyInput, type CreatedApiKey } from './api';

export interface CreateApiKeyModalProps {
  open: boolean;
  onClose: () => void;
  onCreated: (key: CreatedApiKey) => void;
}

const scopeOptions = API_KEY_SCOPES.map((s) => ({
  value: s,
  label: (
    <span>
      <code>{s}</code> <span style={{ opacity: 0.6 }}>— {SCOPE_DESCRIPTIONS[s]}</span>
    </span>
  ),
}));

export function CreateApiKeyModal({ open, onClose, onCreated }: CreateApiKeyModalProps) {
  const [form] = Form.useForm<CreateApiKeyInput>();
  const [submitting, setSubmitting] = useState(false);
  const idempotency = useIdempotencyKey();
  const notifyError = useNotifyError();

  const submit = async (values: CreateApiKeyInput) => {
    setSubmitting(true);
    try {
      const created = await createApiKey({ name: values.name.trim(), scopes: values.scopes }, idempotency.current());
      idempotency.settle();
      onClose();
      onCreated(created);
    } catch (err) {
      idempotency.settle(err);
      notifyError(err, 'Could not create API key');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title="New API key"
      open={open}
      onCancel={onClose}
      okText="Create key"
      confirmLoading={submitting}
      onOk={() => form.submit()}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (visible) idempotency.reset();
      }}
    >
      <Form<CreateApiKeyInput> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark="optional" preserve={false}>
        <Form.Item
          name="name"
          label="Name"
          rules={[{ required: true, whitespace: true, max: 100 }]}
          extra="Describe the integration, e.g. “mall POS (prod)”."
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="scopes" label="Scopes" rules={[{ required: true, type: 'array', min: 1 }]}>
          <Select mode="multiple" options={scopeOptions} placeholder="Select at least one scope" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
