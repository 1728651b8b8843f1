import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** What one HTTP attempt produced; never throws. */
export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

export interface SendRequest {
  url: string;
  /** The checked address of the URL's host: the connection goes there and nowhere else. */
  address: string;
  family: 4 | 6;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** A receiver's answer is theirs, not Laurel's: only its first characters are kept, to help an admin debug. */
export const EXCERPT_CHARS = 200;
const READ_LIMIT_BYTES = 1024;

/**
 * POSTs the body to the checked address (the Host header and TLS name stay the URL's host); redirects
 * are not followed (a 3xx is a failed attempt); reads at most 1 KiB of the answer. A new connection per
 * attempt: a pooled one could have been opened to an address resolved earlier.
 */
export function send(request: SendRequest): Promise<SendResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const url = new URL(request.url);
  const body = Buffer.from(request.body, 'utf8');
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'durationMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        agent: false,
        lookup: pinnedLookup(request.address, request.family),
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(body.byteLength),
          'User-Agent': 'Laurel-Webhooks/1',
          ...request.headers,
        },
      },
      (res) => {
        readExcerpt(res).then(
          (excerpt) => finish({ statusCode: res.statusCode ?? null, error: null, responseExcerpt: excerpt }),
          () => finish({ statusCode: res.statusCode ?? null, error: null, responseExcerpt: null }),
        );
      },
    );
    const timer = setTimeout(
      () => finish({ statusCode: null, error: `timed out after ${request.timeoutMs} ms`, responseExcerpt: null }),
      request.timeoutMs,
    );
    req.on('error', (err) => finish({ statusCode: null, error: describe(err), responseExcerpt: null }));
    req.end(body);
  });
}

/** Answers every lookup of the connection with the address that was checked. */
function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function readExcerpt(res: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      res.removeAllListeners('data');
      const text = Buffer.concat(chunks).subarray(0, READ_LIMIT_BYTES).toString('utf8').slice(0, EXCERPT_CHARS);
      resolve(text.length > 0 ? text : null);
    };
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size >= READ_LIMIT_BYTES) done();
    });
    res.on('end', done);
    res.on('error', reject);
  });
}

function describe(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const text = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
  return text.slice(0, 200);
}
