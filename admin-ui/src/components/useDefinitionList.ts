import { useCallback } from 'react';
import type { PageFetcher } from '../api/types';
import { useCursorList, type CursorList } from './CursorTable';

/**
 * A list of definitions filtered by status, and what to do when one changed on its row: one that left the filtered
 * status leaves the list (it is read again); otherwise its row shows the change.
 */
export function useDefinitionList<T extends { id: string; status: string }>(
  fetchPage: PageFetcher<T>,
  status: string | undefined,
): { list: CursorList<T>; onChanged: (after: T) => void } {
  const list = useCursorList(fetchPage);
  const { reload, replaceItem } = list;
  const onChanged = useCallback(
    (after: T) => (status && after.status !== status ? reload() : replaceItem((x) => x.id === after.id, after)),
    [status, reload, replaceItem],
  );
  return { list, onChanged };
}
