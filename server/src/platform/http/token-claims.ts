/**
 * The claims that mark Laurel's own operator tokens. Member tokens come from the host app with claims of
 * its choosing, so the member verifier refuses any token carrying these, whatever key signed it.
 */
export const OPERATOR_TOKEN_AUDIENCE = 'laurel-admin';
export const OPERATOR_TOKEN_TYPE = 'admin';
