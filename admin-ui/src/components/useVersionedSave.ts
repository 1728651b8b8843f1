import { useState } from 'react';
import { App } from 'antd';
import { asApiError } from '../api/errors';
import { useIdempotencyKey } from '../api/useIdempotencyKey';

export interface VersionedSaveOptions<B, V> {
  /** Sends the body with this submission's Idempotency-Key. */
  send: (body: B, idempotencyKey: string) => Promise<V>;
  /** After a success (a toast, then usually back to the list). */
  onSaved: (saved: V) => void;
  savedText: (saved: V) => string;
}

/**
 * Saving a versioned definition: one Idempotency-Key per submission (kept for a retry of a lost answer, dropped
 * after an answer), and a 409 CONFLICT (someone saved another version meanwhile) raised as `conflict` for a
 * ConflictAlert. The refusal is rethrown so useFormSubmit puts its field errors on the fields.
 */
export function useVersionedSave<B, V>({ send, onSaved, savedText }: VersionedSaveOptions<B, V>) {
  const idempotency = useIdempotencyKey();
  const { message } = App.useApp();
  const [conflict, setConflict] = useState(false);
  const save = async (body: B): Promise<void> => {
    try {
      const saved = await send(body, idempotency.current());
      idempotency.settle();
      void message.success(savedText(saved));
      onSaved(saved);
    } catch (err) {
      idempotency.settle(err);
      const e = asApiError(err);
      if (e.status === 409 && e.code === 'CONFLICT') setConflict(true);
      throw err;
    }
  };
  return { save, conflict, clearConflict: () => setConflict(false) };
}
