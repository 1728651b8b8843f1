/** What one HTTP attempt produced; never throws. */
export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

export interface SendRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

const EXCERPT_CHARS = 500;
const READ_LIMIT_BYTES = 4096;

/** POSTs the body; redirects are not followed (a 3xx is a failed attempt); reads at most a few KiB of the answer. */
export async function send(request: SendRequest): Promise<SendResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const res = await fetch(request.url, {
      method: 'POST',
      body: request.body,
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Laurel-Webhooks/1', ...request.headers },
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const excerpt = await readExcerpt(res).catch(() => null);
    return { statusCode: res.status, durationMs: elapsed(), error: null, responseExcerpt: excerpt };
  } catch (err) {
    return { statusCode: null, durationMs: elapsed(), error: describe(err, request.timeoutMs), responseExcerpt: null };
  }
}

async function readExcerpt(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < READ_LIMIT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const text = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS);
  return text.length > 0 ? text : null;
}

function describe(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `timed out after ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  const text = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return text.slice(0, 200);
}
