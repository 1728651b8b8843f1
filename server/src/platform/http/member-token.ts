import { EXTERNAL_ID_PATTERN as EXTERNAL_ID } from '@laurel/shared';
import { createPublicKey, createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Clock } from '../clock.js';
import { UnauthenticatedError } from '../errors.js';
import { OPERATOR_TOKEN_AUDIENCE, OPERATOR_TOKEN_TYPE } from './token-claims.js';

/** How many verified tokens a process remembers (about 300 bytes each); the map starts afresh when full. */
const VERIFIED_TOKENS_KEPT = 10_000;

export interface MemberTokenSettings {
  algorithm: 'HS256' | 'RS256';
  secret: string | undefined;
  publicKey: string | undefined;
  issuer: string | undefined;
  audience: string | undefined;
  /** Longest lifetime (exp - iat) accepted; a token dated in the future counts from now. */
  maxAgeSeconds: number;
}

/**
 * Verifies a member JWT from the host app with the one configured algorithm; returns the member external id (`sub`).
 * A token must carry `exp` and `iat`, live at most `maxAgeSeconds`, and not carry the operator tokens' audience or type.
 */
export function createMemberTokenVerifier(settings: MemberTokenSettings, clock: Clock): (token: string) => string {
  const material = settings.algorithm === 'HS256' ? settings.secret : settings.publicKey;
  if (!material) throw new Error(`member JWT ${settings.algorithm} needs its key`);
  // A key object made once: given a string, jsonwebtoken first tries to parse it as a public key on every call,
  // which cost more CPU than the rest of a cached balance read.
  const key = settings.algorithm === 'HS256' ? createSecretKey(Buffer.from(material, 'utf8')) : createPublicKey(material);
  // An app sends one member's token with every call until it expires: a token verified once (the whole string,
  // signature included) stands for its subject until its exp, so the signature is checked once, not per request.
  const verified = new Map<string, { sub: string; exp: number }>();
  return (token) => {
    const now = Math.floor(clock.now().getTime() / 1000);
    const known = verified.get(token);
    if (known && now < known.exp) return known.sub;
    if (known) verified.delete(token);
    const subject = verify(token, now);
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.clear();
    verified.set(token, subject);
    return subject.sub;
  };

  function verify(token: string, now: number): { sub: string; exp: number } {
    let claims: jwt.JwtPayload | string;
    try {
      claims = jwt.verify(token, key, {
        algorithms: [settings.algorithm],
        clockTimestamp: now,
        ...(settings.issuer ? { issuer: settings.issuer } : {}),
        ...(settings.audience ? { audience: settings.audience } : {}),
      });
    } catch (err) {
      const reason = err instanceof jwt.TokenExpiredError ? 'Token expired' : 'Invalid token';
      throw new UnauthenticatedError(reason);
    }
    if (typeof claims === 'string') throw new UnauthenticatedError('Invalid token');
    if (typeof claims.exp !== 'number') throw new UnauthenticatedError('Token has no exp');
    if (typeof claims.iat !== 'number') throw new UnauthenticatedError('Token has no iat');
    if (claims.exp - claims.iat > settings.maxAgeSeconds || claims.exp - now > settings.maxAgeSeconds) {
      throw new UnauthenticatedError('Token lifetime is too long');
    }
    if (isOperatorToken(claims)) throw new UnauthenticatedError('Not a member token');
    if (typeof claims.sub !== 'string' || !EXTERNAL_ID.test(claims.sub)) throw new UnauthenticatedError('Token has no valid subject');
    return { sub: claims.sub, exp: claims.exp };
  }
}

function isOperatorToken(claims: jwt.JwtPayload): boolean {
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  return audiences.includes(OPERATOR_TOKEN_AUDIENCE) || claims.typ === OPERATOR_TOKEN_TYPE;
}
