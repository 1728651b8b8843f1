/**
 * Tests only: called between the steps of multi-step work (`use:recorded`, `use:taken`, `release:marked`,
 * `release:given-back`, `issue:recorded`, `issue:delivered`); throwing there is a crash between two writes.
 * Production passes none; nothing reaches it over HTTP.
 */
export type BenefitFaultHook = (point: string, ref: string) => void | Promise<void>;

export const noFaults: BenefitFaultHook = () => undefined;
