import { useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { ROLE_LABELS } from '../../auth/roles';
import { ROLES } from '../../auth/types';
import { useIdempotencyKey } from '../../api/useIdempotencyKey';
import { useNotifyError } from '../../components/useNotifyError';
import { createOperator, MIN_PASSWORD_LENGTH, type CreateOperatorInput, type Operator } from './api';

export interface CreateOperatorModalProps {
  open: boolean;
  onClose: () => void;
  onCreated: (operator: Operator) => void;
}

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export function CreateOperatorModal({ open, onClose, onCreated }: CreateOperatorModalProps) {
  const [form] = Form.useForm<CreateOperatorInput>();
  const [submitting, setSubmitting] = useState(false);
  const idempotency = useIdempotencyKey();
  const { message } = App.useApp();
  const notifyError = useNotifyError();

  const submit = async (values: CreateOperatorInput) => {
    setSubmitting(true);
    try {
      const created = await createOperator({ ...values, email: values.email.trim() }, idempotency.current());
      idempotency.settle();
      void message.success(`Operator ${created.email ?? values.email} created`);
      onCreated(created);
      onClose();
    } catch (err) {
      idempotency.settle(err);
      notifyError(err, 'Could not create operator');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title="New operator"
      open={open}
      onCancel={onClose}
      okText="Create"
      confirmLoading={submitting}
      onOk={() => form.submit()}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (visible) idempotency.reset();
      }}
    >
      <Form<CreateOperatorInput>
        form={form}
        layout="vertical"
        initialValues={{ role: 'operator' }}
        onFinish={(v) => void submit(v)}
        requiredMark="optional"
        preserve={false}
      >
        <Form.Item name="email" label="Email" rules={[{ required: true, type: 'email' }]}>
          <Input autoComplete="off" placeholder="name@example.com" />
        </Form.Item>
        <Form.Item name="name" label="Name" rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label="Initial password"
          rules={[
            { required: true },
            {
              min: MIN_PASSWORD_LENGTH,
              message: `At least ${MIN_PASSWORD_LENGTH} characters`,
            },
          ]}
          extra={`At least ${MIN_PASSWORD_LENGTH} characters. Share it with the operator through a secure channel.`}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label="Role" rules={[{ required: true }]}>
          <Select options={roleOptions} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
