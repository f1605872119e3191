import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'

/**
 * A new secret token: 160 bits (20 bytes) from the CSPRNG, as lower-case base32 (32
 * characters). Used for sessions and for single-use links.
 */
export function generateToken(): string {
  const bytes = new Uint8Array(20)
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}

/** The SHA-256 of a token, hex-encoded: the only form a token is ever stored or logged in. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

/** What every API token starts with: tells it from a session token at a glance (and to scanners). */
export const API_TOKEN_PREFIX = 'ink_'

/**
 * A new API token: `ink_` and 160 random bits. Stored, like a session token, only as its
 * SHA-256 (`hashToken` of the whole string, prefix included).
 *
 * @example
 * generateApiToken() // 'ink_3kq7…' (36 characters)
 */
export function generateApiToken(): string {
  return `${API_TOKEN_PREFIX}${generateToken()}`
}

/** True when `token` has the shape of an API token (it may still be unknown or revoked). */
export function isApiToken(token: string): boolean {
  return token.startsWith(API_TOKEN_PREFIX)
}
