import { useCallback } from 'react';
import { App } from 'antd';
import { asApiError } from '../api/errors';

/** Returns `(error, context?) => void` that toasts `[CODE] message` via antd `message`. */
export function useNotifyError(): (error: unknown, context?: string) => void {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown, context?: string) => {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      const err = asApiError(error);
      const prefix = context ? `${context}: ` : '';
      void message.error({
        content: `${prefix}[${err.code}] ${err.message}`,
        duration: 6,
      });
    },
    [message],
  );
}
