import { useEffect, type ReactNode } from 'react';
import { Form, Modal } from 'antd';
import { useIdempotencyKey } from '../api/useIdempotencyKey';
import { FieldErrorsAlert } from './FieldErrorsAlert';
import { useFormSubmit } from './useFormSubmit';

export interface FormModalProps<V, B, R> {
  open: boolean;
  title: ReactNode;
  okText: string;
  onClose: () => void;
  initialValues?: Partial<V>;
  toBody: (values: V) => B;
  /** Sends the body with this submission's Idempotency-Key. */
  send: (body: B, idempotencyKey: string) => Promise<R>;
  /** After a success; the modal closes. */
  onDone: (result: R) => void;
  /** Title of the refusal shown above the inputs. */
  errorTitle: string;
  /** The form's inputs. */
  children: ReactNode;
  /** Shown above the inputs (what the action does). */
  intro?: ReactNode;
  testId?: string;
  danger?: boolean;
}

/**
 * A small form in a modal (issue a coupon, void one, ship an item): one request at a time, one Idempotency-Key per
 * submission (kept for a retry of a lost answer), the server's field errors on the inputs.
 */
export function FormModal<V, B, R>(props: FormModalProps<V, B, R>) {
  const { open, title, okText, onClose, initialValues, toBody, send, onDone, errorTitle, children, intro, testId, danger } = props;
  const [form] = Form.useForm<V>();
  const idempotency = useIdempotencyKey();
  const { submit, submitting, error, clearError, top } = useFormSubmit(form, {
    toBody,
    send: async (body: B) => {
      try {
        const result = await send(body, idempotency.current());
        idempotency.settle();
        onClose();
        onDone(result);
      } catch (err) {
        idempotency.settle(err);
        throw err;
      }
    },
  });
  // On opening, not after the opening animation: a fast first submission must keep its error on screen.
  useEffect(() => {
    if (!open) return;
    idempotency.reset();
    clearError();
    // Only opening starts over (clearError is a new function at every render).
  }, [open]);

  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      okText={okText}
      okButtonProps={{ danger }}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <div ref={top} data-testid={testId}>
        {intro}
        <FieldErrorsAlert error={error} title={errorTitle} onClose={clearError} />
        <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => void submit(v)} preserve={false}>
          {children}
        </Form>
      </div>
    </Modal>
  );
}
