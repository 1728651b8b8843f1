const DAY_MS = 86_400_000;

/** The delay before the retry that follows failure number `failures` (1, 2, ...): base × 2^(failures − 1), at most `maxMs`. */
export function backoffMs(baseMs: number, failures: number, maxMs = DAY_MS): number {
  return Math.min(baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 40), maxMs);
}
