// What a benchmark's server process (server-process.ts) and the benchmark (served.ts) tell each other.

/** Sent once the server listens. */
export interface ServerStart {
  url: string;
  dbName: string;
  /** 'mongodb' or 'ferretdb' for Laurel; 'bare' for the baseline. */
  engine: string;
  poolSize: number;
  mongodbUri: string;
  redisUrl: string;
  /** The HS256 secret member tokens are signed with (Laurel only). */
  memberJwtSecret: string;
}

/** A reading of the server process's own counters (CPU time since it started, event-loop time). */
export interface ProcessUsage {
  cpuMicros: number;
  eluActive: number;
  eluIdle: number;
}

/** How the bare baseline answers one operation: Laurel's commands for it, replayed, then Laurel's answer. */
export interface BarePlan {
  commands: { name: string; command: Record<string, unknown>; outcome: string | null }[];
  /** A Redis key to GET and parse first (a cached read's data), or null. */
  redisGet: string | null;
  answer: { status: number; body: unknown };
}
