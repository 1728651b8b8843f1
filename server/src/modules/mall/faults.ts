/**
 * Points in a redemption's saga where tests inject failures: after each forward step's effect (`limit`, `hold`,
 * `stock`, `issue`, `capture`), after each recorded state (`created`, `points_held`, `stock_taken`, `issued`,
 * `completed`), before an undo is marked (`unwinding`) and after each undo's effect.
 */
export type MallFaultPoint =
  | 'created'
  | 'limit'
  | 'hold'
  | 'points_held'
  | 'stock'
  | 'stock_taken'
  | 'issue'
  | 'issued'
  | 'capture'
  | 'completed'
  | 'unwinding'
  | 'undo_issue'
  | 'undo_stock'
  | 'undo_points'
  | 'undo_limit';

/**
 * Tests only (wired from ServiceDeps, never reachable over HTTP): called at each fault point; throwing there is a
 * failure of that step, or — thrown at every point from then on — a process that died there.
 */
export type MallFaultHook = (point: MallFaultPoint, redemptionId: string) => void;

export const noFaults: MallFaultHook = () => undefined;
