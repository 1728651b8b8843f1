import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'Laurel-Signature';

/** Hex HMAC-SHA256 of `<t>.<body>` with the secret: what `v1` carries. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** `t=<unix seconds>,v1=<hex>[,v1=<hex>]`: one v1 per secret in force (two just after a rotation). */
export function signatureHeader(secrets: string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signatureOf(secret, timestamp, body)}`)].join(',');
}
