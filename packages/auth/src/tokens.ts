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
