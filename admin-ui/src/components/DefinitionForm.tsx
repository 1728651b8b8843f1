import type { ReactNode } from 'react';
import { Button, Form, Space } from 'antd';
import type { FormInstance } from 'antd';
import { defineMessages, useMessages } from '../i18n/language';
import { FieldErrorsAlert } from './FieldErrorsAlert';
import { useFormSubmit } from './useFormSubmit';

export interface DefinitionFormTexts {
  /** Title of a refusal, e.g. "The reward was not saved". */
  notSaved: string;
  /** The submit button of a new one, e.g. "Create reward". */
  create: string;
}

const messages = defineMessages({ en: { save: 'Save changes', cancel: 'Cancel' }, zh: { save: '保存修改', cancel: '取消' } });

export interface DefinitionFormProps<V, B> {
  /** The caller's form (it watches its own values). */
  form: FormInstance<V>;
  initialValues: V;
  creating: boolean;
  readOnly: boolean;
  toBody: (values: V) => B;
  /** Sends the body; a refusal with field errors is shown on the fields it names. */
  onSubmit: (body: B) => Promise<void>;
  /** Maps a field path of the server's answer onto the form's name path. */
  fieldOf?: (field: string, body: B) => (string | number)[];
  onCancel: () => void;
  texts: DefinitionFormTexts;
  testId: string;
  children: ReactNode;
}

/** What a definition's page gives its form. */
export type DefinitionFormInput<V, B> = Pick<
  DefinitionFormProps<V, B>,
  'initialValues' | 'creating' | 'readOnly' | 'toBody' | 'onSubmit' | 'onCancel'
>;

/**
 * The form of a definition (coupon template, benefit, package, reward): the refusal above it, its inputs disabled
 * when read-only, one submission at a time, and create-or-save with cancel.
 */
export function DefinitionForm<V extends object, B>(props: DefinitionFormProps<V, B>) {
  const { form, initialValues, creating, readOnly, toBody, onSubmit, fieldOf, onCancel, texts, testId, children } = props;
  const own = useMessages(messages);
  const { submit, submitting, error, clearError, top } = useFormSubmit(form, { toBody, send: onSubmit, fieldOf });
  return (
    <div ref={top}>
      <FieldErrorsAlert error={error} title={texts.notSaved} onClose={clearError} />
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        disabled={readOnly}
        onFinish={(v) => void submit(v)}
        scrollToFirstError
        data-testid={testId}
      >
        {children}
        {!readOnly && (
          <Space>
            <Button type="primary" htmlType="submit" loading={submitting}>
              {creating ? texts.create : own.save}
            </Button>
            <Button onClick={onCancel}>{own.cancel}</Button>
          </Space>
        )}
      </Form>
    </div>
  );
}
