import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per app instance, so tests can build several apps in one process. */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  jobRuns: Counter<'job' | 'outcome'>;
  ledgerOperations: Counter<'kind' | 'currency'>;
  ledgerFollowUpFailures: Counter<'listener'>;
}

export function createMetrics(collectDefaults = true): Metrics {
  const registry = new Registry();
  if (collectDefaults) collectDefaultMetrics({ register: registry, prefix: 'laurel_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'laurel_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'laurel_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: 'laurel_job_runs_total',
      help: 'Scheduled job runs by outcome',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    }),
    ledgerOperations: new Counter({
      name: 'laurel_ledger_operations_total',
      help: 'Ledger entries written by kind and currency',
      labelNames: ['kind', 'currency'],
      registers: [registry],
    }),
    ledgerFollowUpFailures: new Counter({
      name: 'laurel_ledger_follow_up_failures_total',
      help: 'After-change follow-ups of the ledger (tier counters) that failed after their retries and were left to catch up',
      labelNames: ['listener'],
      registers: [registry],
    }),
  };
}
