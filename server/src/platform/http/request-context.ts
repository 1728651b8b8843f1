import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { NextFunction, Request, Response } from 'express';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id (see requestLogging). */
    id: string;
    /** A logger bound to this request: every line carries `req: { id, method, url }`. */
    log: Logger;
  }
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Request id (the caller's X-Request-Id when sane, else a new UUID), echoed back and bound to every log line, and
 * one line per request when it ends: `request completed` (info, warn for 4xx) or `request errored` (error, 5xx),
 * with `res.statusCode` and `responseTime` in ms. The request's logger is made on first use: most requests never
 * log below the configured level, and binding a child logger per request was a tenth of a cached read's CPU.
 */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    req.id = id;
    const bound = { id, method: req.method, url: req.originalUrl || req.url };
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', { configurable: true, enumerable: false, get: () => (child ??= logger.child({ req: bound })) });
    const started = Date.now();
    let done = false;
    const finished = (): void => {
      if (done) return;
      done = true;
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const line = { res: { statusCode: status }, responseTime: Date.now() - started };
      if (status >= 500) req.log.error({ ...line, err: new Error(`failed with status code ${status}`) }, 'request errored');
      else req.log[level](line, 'request completed');
    };
    res.once('finish', finished);
    res.once('close', finished);
    next();
  };
}

/** Counts and times every request by its route pattern (not the raw URL, to keep label cardinality bounded). */
export function requestMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const stop = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      // A router names its route when it matches: once an error has unwound the router, req.baseUrl is gone.
      const named: unknown = res.locals.routeLabel;
      const route = typeof named === 'string' ? named : req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      stop({ method: req.method, route });
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
