import { useCallback, useState } from 'react';
import type { CursorList } from './CursorTable';

/**
 * The row of a list shown in a drawer; a change made there (the server's answer) replaces the row and what the
 * drawer shows.
 */
export function useSelectedRow<T extends { id: string }>(list: Pick<CursorList<T>, 'replaceItem'>) {
  const [selected, setSelected] = useState<T | null>(null);
  const { replaceItem } = list;
  const changed = useCallback(
    (after: T) => {
      replaceItem((x) => x.id === after.id, after);
      setSelected(after);
    },
    [replaceItem],
  );
  return { selected, open: setSelected, close: () => setSelected(null), changed };
}
