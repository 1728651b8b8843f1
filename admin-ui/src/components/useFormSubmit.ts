import { useRef, useState } from 'react';
import type { FormInstance } from 'antd';
import { fieldErrorsOf, namePathOf } from '../api/fieldErrors';

export interface FormSubmitOptions<V, B> {
  /** The request body the form's values make. */
  toBody: (values: V) => B;
  /** Sends the body; a rejection with field errors is shown on the fields. */
  send: (body: B) => Promise<void>;
  /** Maps a field path of the server's answer onto the form's name path (default: the path itself). */
  fieldOf?: (field: string, body: B) => (string | number)[];
}

/**
 * Submitting a form to the server: one request at a time (a second click before the busy button re-renders sends
 * nothing), the server's field errors put on the fields they name, the refusal kept for FieldErrorsAlert, and the
 * form's top (`top`) scrolled into view on a refusal.
 */
export function useFormSubmit<V, B>(form: FormInstance<V>, { toBody, send, fieldOf }: FormSubmitOptions<V, B>) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const top = useRef<HTMLDivElement>(null);
  const inFlight = useRef(false);

  const submit = async (values: V): Promise<void> => {
    if (inFlight.current) return;
    inFlight.current = true;
    const body = toBody(values);
    setSubmitting(true);
    setError(null);
    try {
      await send(body);
    } catch (err) {
      setError(err);
      const name = (field: string) => (fieldOf ? fieldOf(field, body) : namePathOf(field));
      form.setFields(fieldErrorsOf(err).map((f) => ({ name: name(f.field) as never, errors: f.reasons })));
      top.current?.scrollIntoView({ block: 'start' });
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  return { submit, submitting, error, clearError: () => setError(null), top };
}
