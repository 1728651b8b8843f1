/** Who the demo's audited changes are attributed to. */
export const DEMO_ACTOR = { type: 'system', id: 'demo', label: 'demo data' } as const;

export const say = (msg: string): void => void process.stderr.write(`[demo] ${msg}\n`);

/** A small deterministic generator (LCG): the same demo data on every run, so a second run only replays it. */
export function seeded(seed: number): (max: number) => number {
  let state = (seed * 2654435761) >>> 0;
  return (max) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % max;
  };
}
