import { Alert } from 'antd';
import { asApiError } from '../api/errors';
import { fieldErrorsOf } from '../api/fieldErrors';

/** A refused form submission: the message, then one line per invalid field (`field: reason`). */
export function FieldErrorsAlert({ error, title, onClose }: { error: unknown; title: string; onClose?: () => void }) {
  if (!error) return null;
  const err = asApiError(error);
  const fields = fieldErrorsOf(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={`${title}: [${err.code}] ${err.message}`}
      description={
        fields.length > 0 && (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {fields.map((f) => (
              <li key={f.field}>
                <code>{f.field}</code>: {f.reasons.join('; ')}
              </li>
            ))}
          </ul>
        )
      }
      closable={onClose ? { onClose } : false}
      style={{ marginBottom: 16 }}
    />
  );
}
