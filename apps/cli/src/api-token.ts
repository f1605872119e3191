/** True when `token` has the shape of an API token (`ink_…`) rather than a session token. */
export function isApiToken(token: string): boolean {
  return token.startsWith('ink_')
}
