import { Flex, Spin } from 'antd';
import { ApiErrorAlert } from './ApiErrorAlert';

/** What a page shows until the thing it is about has loaded: a spinner, or the error with a retry. */
export function LoadingOrError({ error, title, onRetry }: { error: unknown; title: string; onRetry: () => void }) {
  if (error) return <ApiErrorAlert error={error} title={title} onRetry={onRetry} />;
  return (
    <Flex justify="center" style={{ padding: 64 }}>
      <Spin />
    </Flex>
  );
}
